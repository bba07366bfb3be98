package dev.bondify.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long finished sign-ins are kept.
 *
 * @param sessions sessions (with the Telegram name, username and phone they hold) older
 * than this are deleted ({@code BONDIFY_SESSION_RETENTION}); keep it above the 90-day
 * analytics window
 */
@ConfigurationProperties("bondify.retention")
public record RetentionProperties(Duration sessions) {

	public RetentionProperties {
		if (sessions.compareTo(Duration.ofDays(1)) < 0) {
			throw new IllegalArgumentException("BONDIFY_SESSION_RETENTION must be at least one day.");
		}
	}

}
