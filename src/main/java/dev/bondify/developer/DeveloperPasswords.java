package dev.bondify.developer;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Replaces a developer's password hash and revokes their tokens in one conditional
 * statement each, so two concurrent changes cannot both win and no token issued before a
 * change survives it.
 */
@Repository
class DeveloperPasswords {

	private final JdbcClient jdbc;

	DeveloperPasswords(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Sets the new hash only if the stored one is still the one the caller's current
	 * password was checked against, bumps the token version and retires pending reset
	 * links.
	 * @return the new token version, empty when the password changed meanwhile
	 */
	@Transactional
	Optional<Integer> replace(String developerId, String expectedHash, String newHash, Instant now) {
		Optional<Integer> version = this.jdbc.sql("""
				update developers set password_hash = :newHash, token_version = token_version + 1
				where id = :id and password_hash = :expectedHash
				returning token_version""")
			.param("newHash", newHash)
			.param("id", developerId)
			.param("expectedHash", expectedHash)
			.query(Integer.class)
			.optional();
		version.ifPresent((v) -> retireLinks(developerId, MailTokenPurpose.RESET, now));
		return version;
	}

	/**
	 * Sets a password without knowing the old one (a reset link, an operator) and revokes
	 * every token; a reset link proves the address as well.
	 * @return the new token version, empty for an unknown developer
	 */
	@Transactional
	Optional<Integer> overwrite(String developerId, String newHash, boolean addressProved, Instant now) {
		Optional<Integer> version = this.jdbc
			.sql("""
					update developers set password_hash = :newHash, token_version = token_version + 1,
					    email_verified_at = case when :proved then coalesce(email_verified_at, :now) else email_verified_at end
					where id = :id
					returning token_version""")
			.param("newHash", newHash)
			.param("proved", addressProved)
			.param("now", Timestamp.from(now))
			.param("id", developerId)
			.query(Integer.class)
			.optional();
		version.ifPresent((v) -> retireLinks(developerId, MailTokenPurpose.RESET, now));
		return version;
	}

	/** Records that the developer proved the address (first time only). */
	@Transactional
	void markVerified(String developerId, Instant now) {
		this.jdbc.sql("update developers set email_verified_at = coalesce(email_verified_at, :now) where id = :id")
			.param("now", Timestamp.from(now))
			.param("id", developerId)
			.update();
		retireLinks(developerId, MailTokenPurpose.VERIFY, now);
	}

	private void retireLinks(String developerId, MailTokenPurpose purpose, Instant now) {
		this.jdbc.sql("""
				update developer_mail_tokens set used_at = :now
				where developer_id = :id and purpose = :purpose and used_at is null""")
			.param("now", Timestamp.from(now))
			.param("id", developerId)
			.param("purpose", purpose.value())
			.update();
	}

}
