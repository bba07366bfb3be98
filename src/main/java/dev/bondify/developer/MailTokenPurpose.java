package dev.bondify.developer;

import java.time.Duration;

/**
 * What a link sent by e-mail is good for, and how long it stays valid.
 */
enum MailTokenPurpose {

	/** Proves the address; valid 48 hours (a sign-up mail may sit unread for a day). */
	VERIFY("verify", Duration.ofHours(48)),

	/** Sets a new password; valid 30 minutes. */
	RESET("reset", Duration.ofMinutes(30));

	private final String value;

	private final Duration validity;

	MailTokenPurpose(String value, Duration validity) {
		this.value = value;
		this.validity = validity;
	}

	String value() {
		return this.value;
	}

	Duration validity() {
		return this.validity;
	}

}
