package dev.bondify.project;

/**
 * A project's own Telegram bot as Telegram described it when its token was checked.
 *
 * @param id the numeric bot id (the part of the token before the colon)
 * @param username the bot's username, used in deeplinks
 */
public record OwnBot(long id, String username) {

	/** The bot answers with its token. */
	public static final String STATUS_OK = "ok";

	/** Telegram answered 401 for the token: it was revoked or replaced in BotFather. */
	public static final String STATUS_REVOKED = "revoked";

	/** Telegram refused or could not reach the bot's webhook. */
	public static final String STATUS_WEBHOOK_FAILING = "webhook_failing";

	/**
	 * Checks a bot token with Telegram's {@code getMe}; implemented by the bot package so
	 * {@code project} does not depend on it.
	 */
	public interface Checker {

		/**
		 * The bot behind {@code token}.
		 * @throws dev.bondify.system.ApiException 400 with a sentence when Telegram
		 * refuses the token, 503 when Telegram cannot be reached
		 */
		OwnBot check(String token);

	}

	/**
	 * Published (inside the saving transaction) when a project's own bot was set,
	 * replaced or removed; the bot package registers or deletes webhooks after the
	 * commit. {@code previousSealedToken} (encrypted, never plain) lets the old bot's
	 * webhook be deleted once no project uses it.
	 */
	public record Changed(String projectId, Long previousBotId, byte[] previousSealedToken, Long botId) {
	}

}
