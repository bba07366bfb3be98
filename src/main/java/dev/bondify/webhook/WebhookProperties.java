package dev.bondify.webhook;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
 * @param batchSize how many deliveries one dispatcher run claims and sends at most
 */
@ConfigurationProperties("bondify.webhooks")
public record WebhookProperties(@DefaultValue("false") boolean allowInsecure,
		@DefaultValue("false") boolean allowPrivateTargets, @DefaultValue("10s") Duration timeout, @DefaultValue( {
				"10s", "1m", "5m" }) List<Duration> backoff,
		@DefaultValue("7d") Duration retention, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("20") int batchSize){

	public WebhookProperties {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new InvalidConfigurationException("bondify.webhooks.timeout must be a positive duration.");
		}
		if (batchSize < 1) {
			throw new InvalidConfigurationException("bondify.webhooks.batch-size must be at least 1.");
		}
		backoff = List.copyOf(backoff);
	}

	/** The first attempt plus one retry per backoff step. */
	int maxAttempts() {
		return 1 + this.backoff.size();
	}

}
