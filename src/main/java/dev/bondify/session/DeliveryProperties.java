package dev.bondify.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the proof is handed out.
 *
 * @param grace after the first delivering verify, how long further verifies receive the
 * identical confirmed body instead of {@code used} ({@code BONDIFY_DELIVERY_GRACE};
 * {@code PT0S} delivers strictly once)
 */
@ConfigurationProperties("bondify.delivery")
record DeliveryProperties(Duration grace) {

	DeliveryProperties {
		if (grace.isNegative()) {
			throw new IllegalArgumentException("BONDIFY_DELIVERY_GRACE must not be negative.");
		}
	}

}
