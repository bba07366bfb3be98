package dev.bondify.session;

/**
 * Answer of verify; the body's fields depend on the status, exactly as the contract lists
 * them.
 */
public sealed interface VerifyResponse {

	String status();

	/** {@code {"status":"pending"|"expired"|"used"}}. */
	record Simple(String status) implements VerifyResponse {

		static final Simple PENDING = new Simple("pending");

		static final Simple EXPIRED = new Simple("expired");

		static final Simple USED = new Simple("used");

	}

	/** The one-time confirmed body with the user's identity and the proof. */
	record Confirmed(String status, String telegramId, String telegramName, String telegramUsername,
			String telegramPhone, long confirmedAt, String proof) implements VerifyResponse {

		Confirmed(String telegramId, String telegramName, String telegramUsername, String telegramPhone,
				long confirmedAt, String proof) {
			this("confirmed", telegramId, telegramName, telegramUsername, telegramPhone, confirmedAt, proof);
		}

	}

	/** {@code {"status":"cancelled","cancelled_at":…}}. */
	record Cancelled(String status, long cancelledAt) implements VerifyResponse {

		Cancelled(long cancelledAt) {
			this("cancelled", cancelledAt);
		}

	}

}
