package dev.bondify.webhook;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;

import dev.bondify.support.ApplicationYml;
import dev.bondify.system.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The webhook defaults of the contract (10 s timeout, 3 retries on 10 s / 1 min / 5 min,
 * strict targets) and their overrides.
 */
class WebhookPropertiesTest {

	@Test
	void defaultsFollowTheContract() {
		WebhookProperties properties = bind(Map.of());

		assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.backoff()).containsExactly(Duration.ofSeconds(10), Duration.ofMinutes(1),
				Duration.ofMinutes(5));
		assertThat(properties.maxAttempts()).isEqualTo(4);
		assertThat(properties.allowInsecure()).isFalse();
		assertThat(properties.allowPrivateTargets()).isFalse();
		assertThat(properties.retention()).isEqualTo(Duration.ofDays(7));
	}

	@Test
	void settingsOverrideTheDefaults() {
		WebhookProperties properties = bind(Map.of("bondify.webhooks.timeout", "3s", "bondify.webhooks.backoff",
				"1s,2s", "bondify.webhooks.allow-insecure", "true", "bondify.webhooks.allow-private-targets", "true"));

		assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(properties.maxAttempts()).isEqualTo(3);
		assertThat(properties.allowInsecure()).isTrue();
		assertThat(properties.allowPrivateTargets()).isTrue();
	}

	@Test
	void zeroTimeoutStopsStartUp() {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(Map.of("bondify.webhooks.timeout", "0s")))
			.havingRootCause()
			.isInstanceOf(InvalidConfigurationException.class);
	}

	private static WebhookProperties bind(Map<String, String> settings) {
		return ApplicationYml.binder(settings).bindOrCreate("bondify.webhooks", WebhookProperties.class);
	}

}
