package dev.bondify.session;

/**
 * Who confirmed a sign-in: the Telegram user's id, display name (first + last), username
 * without {@code @}, and phone when the project asks for it.
 */
public record TelegramIdentity(long id, String name, String username, String phone) {

	public TelegramIdentity {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("A Telegram identity needs a name");
		}
		if (username != null && username.startsWith("@")) {
			username = username.substring(1);
		}
		if (username != null && username.isBlank()) {
			username = null;
		}
		if (phone != null && phone.isBlank()) {
			phone = null;
		}
	}

}
