package dev.bondify.system;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets kept in the database with AES-256-GCM and derives per-purpose secrets
 * (HMAC-SHA256) from the same server key, which never lives in the database
 * ({@link EncryptionKeys}). A sealed value is {@code key id (4 bytes) | nonce (12) |
 * ciphertext and tag}, so a value sealed under a retired key is still opened during a
 * rotation and can be recognised for re-sealing. Text columns hold the same bytes as
 * {@code sx1:} and base64url ({@link #sealText}). Keys, key ids and derived secrets are
 * computed once, not per call.
 */
@Component
public class SecretSealer implements SmartInitializingSingleton {

	/** How a sealed value stored in a text column begins. */
	public static final String TEXT_PREFIX = "sx1:";

	private static final int NONCE_BYTES = 12;

	private static final int ID_BYTES = 4;

	private static final int TAG_BYTES = 16;

	private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

	private final EncryptionKeys source;

	private final Map<String, String> derived = new ConcurrentHashMap<>();

	private volatile List<Key> keys;

	SecretSealer(EncryptionKeys source) {
		this.source = source;
	}

	/** Resolves the keys at start-up, so a missing key stops it in one sentence. */
	@Override
	public void afterSingletonsInstantiated() {
		keys();
	}

	/** Encrypts {@code plain} under the current key. */
	public byte[] seal(String plain) {
		Key key = keys().get(0);
		byte[] nonce = new byte[NONCE_BYTES];
		RANDOM.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key.aes(), new GCMParameterSpec(TAG_BYTES * 8, nonce));
			byte[] plainBytes = plain.getBytes(StandardCharsets.UTF_8);
			byte[] sealed = new byte[ID_BYTES + NONCE_BYTES + cipher.getOutputSize(plainBytes.length)];
			System.arraycopy(key.id(), 0, sealed, 0, ID_BYTES);
			System.arraycopy(nonce, 0, sealed, ID_BYTES, NONCE_BYTES);
			cipher.doFinal(plainBytes, 0, plainBytes.length, sealed, ID_BYTES + NONCE_BYTES);
			return sealed;
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
		if (sealed == null || sealed.length < ID_BYTES + NONCE_BYTES + TAG_BYTES) {
			return Optional.empty();
		}
		for (Key key : keys()) {
			if (!key.sealed(sealed)) {
				continue;
			}
			try {
				Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
				cipher.init(Cipher.DECRYPT_MODE, key.aes(),
						new GCMParameterSpec(TAG_BYTES * 8, sealed, ID_BYTES, NONCE_BYTES));
				return Optional.of(new String(
						cipher.doFinal(sealed, ID_BYTES + NONCE_BYTES, sealed.length - ID_BYTES - NONCE_BYTES),
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
		return sealed != null && keys().get(0).sealed(sealed);
	}

	/**
	 * {@code plain} sealed under the current key, for a text column: {@code sx1:} and
	 * base64url; null stays null.
	 */
	public String sealText(String plain) {
		return (plain != null) ? TEXT_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(seal(plain))
				: null;
	}

	/**
	 * The plain value of a text column written by {@link #sealText}; a value without the
	 * prefix was stored in clear by an earlier release (and is sealed by the upgrade), so
	 * it is returned as it is.
	 * @throws IllegalStateException when no configured key opens it
	 */
	public String openText(String stored) {
		if (!isSealedText(stored)) {
			return stored;
		}
		return open(decodeText(stored)).orElseThrow(() -> new IllegalStateException(
				"A stored secret is encrypted with a key that is not configured (see docs/security.md, rotation)"));
	}

	/** Whether a text column's value is sealed under the current key. */
	public boolean isCurrentText(String stored) {
		return isSealedText(stored) && isCurrent(decodeText(stored));
	}

	public static boolean isSealedText(String stored) {
		return stored != null && stored.startsWith(TEXT_PREFIX);
	}

	private static byte[] decodeText(String stored) {
		try {
			return Base64.getUrlDecoder().decode(stored.substring(TEXT_PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			return new byte[0];
		}
	}

	/** The current key's id (hex), which every value it seals begins with. */
	public String currentKeyId() {
		return java.util.HexFormat.of().formatHex(keys().get(0).id());
	}

	/** How many keys open values: the current one and the retired ones still known. */
	public int keyCount() {
		return keys().size();
	}

	/**
	 * Once everything is sealed under a current key that does not live in the database,
	 * deletes the key an earlier release kept in {@code app_secrets}.
	 * @return whether such a key was deleted
	 */
	public boolean forgetKeyStoredInDatabase() {
		keys();
		return this.source.forgetLegacyKey();
	}

	/**
	 * A secret for one purpose (e.g. {@code telegram-webhook:<bot id>}), base64url
	 * without padding: HMAC-SHA256 of the purpose under the current key.
	 */
	public String derive(String purpose) {
		return this.derived.computeIfAbsent(purpose, this::computeDerived);
	}

	private String computeDerived(String purpose) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(keys().get(0).hmac());
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(mac.doFinal(("bondify:" + purpose).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private List<Key> keys() {
		List<Key> current = this.keys;
		if (current == null) {
			synchronized (this) {
				current = this.keys;
				if (current == null) {
					current = this.source.load().stream().map(Key::new).toList();
					this.keys = current;
				}
			}
		}
		return current;
	}

	/** One key with what every call needs from it, computed once. */
	private record Key(byte[] id, SecretKeySpec aes, SecretKeySpec hmac) {

		Key(byte[] raw) {
			this(keyId(raw), new SecretKeySpec(raw, "AES"), new SecretKeySpec(raw, "HmacSHA256"));
		}

		boolean sealed(byte[] value) {
			return value.length >= ID_BYTES && Arrays.equals(this.id, 0, ID_BYTES, value, 0, ID_BYTES);
		}

		private static byte[] keyId(byte[] raw) {
			try {
				MessageDigest digest = MessageDigest.getInstance("SHA-256");
				digest.update("key-id:".getBytes(StandardCharsets.UTF_8));
				return Arrays.copyOf(digest.digest(raw), ID_BYTES);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public String toString() {
			return "Key[******]";
		}

	}

}
