package dev.bondify.exchange;

import java.time.Instant;

/**
 * A Telegram sign-in whose data verified: who signed in, by which method, when Telegram
 * issued the data, and the data's canonical hash (what makes it usable once).
 *
 * @param source the session's {@code source}: {@code webapp}, {@code widget} or
 * {@code telegram_oidc}
 * @param telegramId the Telegram user id
 * @param name first and last name, as Telegram gave them
 * @param username without {@code @}, or null
 * @param phone the verified phone number when the data carries one, or null
 * @param issuedAt the data's {@code auth_date} or {@code iat}
 * @param datumHash SHA-256 of the method, the bot and the data in canonical form
 */
record VerifiedLogin(String source, long telegramId, String name, String username, String phone, Instant issuedAt,
		byte[] datumHash) {

}
