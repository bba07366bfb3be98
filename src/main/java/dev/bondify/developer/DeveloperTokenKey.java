package dev.bondify.developer;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.bondify.system.InvalidConfigurationException;
import dev.bondify.system.SecretSealer;

/**
 * The HMAC key of developer tokens: {@code BONDIFY_AUTH_SECRET} when configured,
 * otherwise 64 random bytes generated once and stored in {@code app_secrets} sealed with
 * the encryption key (so a database dump alone forges no token), so every instance agrees
 * and tokens survive restarts. A key an earlier release stored in clear is sealed and its
 * clear row deleted.
 */
@Component
class DeveloperTokenKey {

	static final String NAME = "developer-token-key-sealed";

	static final String CLEAR_NAME = "developer-token-key";

	private static final int MIN_SECRET_BYTES = 32;

	private final JdbcTemplate jdbc;

	private final SecretSealer sealer;

	private volatile SecretKey key;

	DeveloperTokenKey(AuthProperties properties, JdbcTemplate jdbc, SecretSealer sealer) {
		this.jdbc = jdbc;
		this.sealer = sealer;
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
	 * up with one key; the clear row of an earlier release is deleted only once the
	 * sealed one is stored.
	 */
	private byte[] loadOrCreate() {
		byte[] sealed = read(NAME);
		if (sealed == null) {
			byte[] candidate = read(CLEAR_NAME);
			if (candidate == null) {
				candidate = new byte[64];
				new SecureRandom().nextBytes(candidate);
			}
			this.jdbc.update(
					"insert into app_secrets (name, value, created_at) values (?, ?, now()) on conflict (name) do nothing",
					NAME, this.sealer.seal(Base64.getEncoder().encodeToString(candidate)));
			sealed = read(NAME);
		}
		this.jdbc.update("delete from app_secrets where name = ?", CLEAR_NAME);
		return this.sealer.open(sealed)
			.map(Base64.getDecoder()::decode)
			.orElseThrow(() -> new InvalidConfigurationException("The generated BONDIFY_AUTH_SECRET is encrypted with a"
					+ " key that is not configured: restore the encryption key (docs/security.md) or set"
					+ " BONDIFY_AUTH_SECRET (every developer signs in again)."));
	}

	private byte[] read(String name) {
		List<byte[]> rows = this.jdbc.query("select value from app_secrets where name = ?", (rs, row) -> rs.getBytes(1),
				name);
		return rows.isEmpty() ? null : rows.get(0);
	}

}
