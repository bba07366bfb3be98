package dev.bondify.developer;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.bondify.system.InvalidConfigurationException;

/**
 * The HMAC key of developer tokens: {@code BONDIFY_AUTH_SECRET} when configured,
 * otherwise 64 random bytes generated once and stored in {@code app_secrets}, so every
 * instance agrees and tokens survive restarts.
 */
@Component
class DeveloperTokenKey {

	static final String NAME = "developer-token-key";

	private static final int MIN_SECRET_BYTES = 32;

	private final JdbcTemplate jdbc;

	private volatile SecretKey key;

	DeveloperTokenKey(AuthProperties properties, JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		String secret = properties.secret();
		if (secret != null && !secret.isEmpty()) {
			byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
			if (bytes.length < MIN_SECRET_BYTES) {
				throw new InvalidConfigurationException("BONDIFY_AUTH_SECRET must be at least " + MIN_SECRET_BYTES
						+ " bytes long (e.g. the output of `openssl rand -base64 48`).");
			}
			this.key = new SecretKeySpec(bytes, "HmacSHA256");
		}
	}

	SecretKey get() {
		SecretKey current = this.key;
		if (current == null) {
			synchronized (this) {
				current = this.key;
				if (current == null) {
					current = new SecretKeySpec(loadOrCreate(), "HmacSHA256");
					this.key = current;
				}
			}
		}
		return current;
	}

	/**
	 * Insert-if-absent then read, so concurrent first starts of several instances all end
	 * up with one key.
	 */
	private byte[] loadOrCreate() {
		byte[] candidate = new byte[64];
		new SecureRandom().nextBytes(candidate);
		this.jdbc.update(
				"insert into app_secrets (name, value, created_at) values (?, ?, now()) on conflict (name) do nothing",
				NAME, candidate);
		return this.jdbc.queryForObject("select value from app_secrets where name = ?", byte[].class, NAME);
	}

}
