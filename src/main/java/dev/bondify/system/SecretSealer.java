package dev.bondify.system;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets kept in the database with AES-256-GCM and derives per-purpose secrets
 * (HMAC-SHA256) from the same server key. The key is {@code BONDIFY_ENCRYPTION_KEY}
 * (hashed to 32 bytes) or 32 random bytes generated once and kept in {@code app_secrets}.
 * A sealed value is {@code key id (4 bytes) | nonce (12) | ciphertext and tag}, so a
 * value sealed under {@code BONDIFY_ENCRYPTION_PREVIOUS_KEY} is still opened during a
 * rotation and can be recognised for re-sealing.
 */
@Component
public class SecretSealer {

	static final String NAME = "encryption-key";

	private static final int MIN_SECRET_BYTES = 32;

	private static final int NONCE_BYTES = 12;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final EncryptionProperties properties;

	private final JdbcTemplate jdbc;

	private volatile List<byte[]> keys;

	SecretSealer(EncryptionProperties properties, JdbcTemplate jdbc) {
		this.properties = properties;
		this.jdbc = jdbc;
		for (String configured : new String[] { properties.key(), properties.previousKey() }) {
			if (EncryptionProperties.isSet(configured)
					&& configured.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
				throw new InvalidConfigurationException(
						"BONDIFY_ENCRYPTION_KEY and BONDIFY_ENCRYPTION_PREVIOUS_KEY must be" + " at least "
								+ MIN_SECRET_BYTES + " bytes long (e.g. the output of `openssl rand -base64 48`).");
			}
		}
	}

	/** Encrypts {@code plain} under the current key. */
	public byte[] seal(String plain) {
		byte[] key = keys().get(0);
		byte[] nonce = new byte[NONCE_BYTES];
		RANDOM.nextBytes(nonce);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce);
			byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.allocate(4 + NONCE_BYTES + sealed.length).put(keyId(key)).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/**
	 * The plain value, or empty when no known key opens it (tampered, or sealed under a
	 * key no longer configured).
	 */
	public Optional<String> open(byte[] sealed) {
		if (sealed == null || sealed.length < 4 + NONCE_BYTES + 16) {
			return Optional.empty();
		}
		for (byte[] key : keys()) {
			if (!MessageDigest.isEqual(keyId(key), java.util.Arrays.copyOfRange(sealed, 0, 4))) {
				continue;
			}
			try {
				Cipher cipher = cipher(Cipher.DECRYPT_MODE, key,
						java.util.Arrays.copyOfRange(sealed, 4, 4 + NONCE_BYTES));
				return Optional.of(new String(cipher.doFinal(sealed, 4 + NONCE_BYTES, sealed.length - 4 - NONCE_BYTES),
						StandardCharsets.UTF_8));
			}
			catch (GeneralSecurityException ex) {
				return Optional.empty();
			}
		}
		return Optional.empty();
	}

	/** Whether {@code sealed} was sealed under the current key (else re-seal it). */
	public boolean isCurrent(byte[] sealed) {
		return sealed != null && sealed.length >= 4
				&& MessageDigest.isEqual(keyId(keys().get(0)), java.util.Arrays.copyOfRange(sealed, 0, 4));
	}

	/**
	 * A secret for one purpose (e.g. {@code telegram-webhook:<bot id>}), base64url
	 * without padding: HMAC-SHA256 of the purpose under the current key.
	 */
	public String derive(String purpose) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(keys().get(0), "HmacSHA256"));
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(mac.doFinal(("bondify:" + purpose).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static Cipher cipher(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
		return cipher;
	}

	private static byte[] keyId(byte[] key) {
		return java.util.Arrays.copyOf(sha256(concat("key-id:".getBytes(StandardCharsets.UTF_8), key)), 4);
	}

	private List<byte[]> keys() {
		List<byte[]> current = this.keys;
		if (current == null) {
			synchronized (this) {
				current = this.keys;
				if (current == null) {
					List<byte[]> loaded = new ArrayList<>(2);
					loaded.add(EncryptionProperties.isSet(this.properties.key())
							? sha256(this.properties.key().getBytes(StandardCharsets.UTF_8)) : loadOrCreate());
					if (EncryptionProperties.isSet(this.properties.previousKey())) {
						loaded.add(sha256(this.properties.previousKey().getBytes(StandardCharsets.UTF_8)));
					}
					current = List.copyOf(loaded);
					this.keys = current;
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
		byte[] candidate = new byte[32];
		RANDOM.nextBytes(candidate);
		this.jdbc.update(
				"insert into app_secrets (name, value, created_at) values (?, ?, now()) on conflict (name) do nothing",
				NAME, candidate);
		return this.jdbc.queryForObject("select value from app_secrets where name = ?", byte[].class, NAME);
	}

	private static byte[] sha256(byte[] value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] concat(byte[] a, byte[] b) {
		return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
	}

}
