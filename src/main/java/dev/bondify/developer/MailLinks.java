package dev.bondify.developer;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.bondify.system.RandomTokens;

/**
 * The single-use tokens of e-mailed links: 256 random bits, only their SHA-256 stored,
 * and used by one conditional update, so a link works once even when clicked twice at the
 * same instant.
 */
@Repository
class MailLinks {

	/** At most one reset mail per account per minute, whoever asks. */
	private static final Duration RESEND_AFTER = Duration.ofMinutes(1);

	private final JdbcClient jdbc;

	MailLinks(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A new link token, or empty when one of the same purpose was issued to this
	 * developer less than a minute ago (so nobody can flood an inbox).
	 */
	Optional<String> issue(String developerId, MailTokenPurpose purpose, Instant now) {
		String token = RandomTokens.base64Url256("");
		int inserted = this.jdbc
			.sql("""
					insert into developer_mail_tokens (token_hash, developer_id, purpose, created_at, expires_at)
					select :hash, :developerId, :purpose, :now, :expiresAt
					where not exists (select 1 from developer_mail_tokens
					    where developer_id = :developerId and purpose = :purpose and used_at is null and created_at > :recent)""")
			.param("hash", RandomTokens.sha256(token))
			.param("developerId", developerId)
			.param("purpose", purpose.value())
			.param("now", Timestamp.from(now))
			.param("expiresAt", Timestamp.from(now.plus(purpose.validity())))
			.param("recent", Timestamp.from(now.minus(RESEND_AFTER)))
			.update();
		return (inserted == 1) ? Optional.of(token) : Optional.empty();
	}

	/**
	 * Uses a link: marks it used if it exists, has this purpose, is unused and unexpired.
	 * @return the developer it was issued to; empty for a wrong, used or expired token
	 */
	Optional<String> use(String token, MailTokenPurpose purpose, Instant now) {
		if (token == null || token.isEmpty() || token.length() > 64) {
			return Optional.empty();
		}
		return this.jdbc.sql("""
				update developer_mail_tokens set used_at = :now
				where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > :now
				returning developer_id""")
			.param("now", Timestamp.from(now))
			.param("hash", RandomTokens.sha256(token))
			.param("purpose", purpose.value())
			.query(String.class)
			.optional();
	}

	/** Whether the token would be accepted now (a page shows its form only then). */
	boolean isUsable(String token, MailTokenPurpose purpose, Instant now) {
		if (token == null || token.isEmpty() || token.length() > 64) {
			return false;
		}
		return this.jdbc.sql("""
				select count(*) from developer_mail_tokens
				where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > :now""")
			.param("hash", RandomTokens.sha256(token))
			.param("purpose", purpose.value())
			.param("now", Timestamp.from(now))
			.query(Long.class)
			.single() == 1;
	}

}
