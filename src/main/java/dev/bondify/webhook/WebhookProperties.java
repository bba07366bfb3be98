package dev.bondify.webhook;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.bondify.system.InvalidConfigurationException;

/**
 * Outbound webhook settings.
 *
 * @param allowInsecure accept {@code http://} webhook URLs (local development and tests
 * only)
 * @param allowPrivateTargets accept URLs whose host is or resolves to a loopback, private
 * or link-local address
 * @param timeout how long one attempt may take, connect to last byte of the response
 * @param backoff the waits before each retry; its size is the number of retries after the
 * first attempt
 * @param retention how long finished deliveries stay in the log before they are pruned
 * @param pollInterval how often the dispatcher looks for due deliveries
 * @param batchSize how many deliveries one claim takes at most
 * @param lease how long a claim holds a delivery; renewed every third of it while the
 * send lasts, so it runs out only when its holder stopped, and another instance resumes
 * the delivery within about this long
 * @param perProjectConcurrency how many deliveries of one project are in flight at once,
 * over all instances; a hanging endpoint blocks only these slots
 * @param perDeveloperConcurrency how many deliveries of one developer's projects together
 * are in flight at once, over all instances, so a developer with many projects whose
 * endpoints hang holds no more than this of every instance's slots (a project without a
 * developer counts as its own developer)
 * @param maxInFlight how many deliveries one instance sends at once
 */
@ConfigurationProperties("bondify.webhooks")
public record WebhookProperties(boolean allowInsecure, boolean allowPrivateTargets, Duration timeout,
		List<Duration> backoff, Duration retention, Duration pollInterval, int batchSize, Duration lease,
		int perProjectConcurrency, int perDeveloperConcurrency, int maxInFlight) {

	public WebhookProperties {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new InvalidConfigurationException("bondify.webhooks.timeout must be a positive duration.");
		}
		if (batchSize < 1) {
			throw new InvalidConfigurationException("bondify.webhooks.batch-size must be at least 1.");
		}
		if (lease.compareTo(Duration.ofSeconds(3)) < 0) {
			throw new InvalidConfigurationException("bondify.webhooks.lease must be at least 3s.");
		}
		if (perProjectConcurrency < 1 || perDeveloperConcurrency < 1 || maxInFlight < 1) {
			throw new InvalidConfigurationException(
					"bondify.webhooks.per-project-concurrency, per-developer-concurrency and max-in-flight must be at least 1.");
		}
		backoff = List.copyOf(backoff);
	}

	/** The first attempt plus one retry per backoff step. */
	int maxAttempts() {
		return 1 + this.backoff.size();
	}

}
