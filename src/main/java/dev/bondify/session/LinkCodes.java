package dev.bondify.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.bondify.system.RandomTokens;

/**
 * Link codes: the random value a deeplink carries instead of the session token. A code is
 * 22 base64url characters (128 bits from {@link SecureRandom}), so it fits Telegram's
 * 64-character start parameter and, with a two-character prefix, callback data. It is
 * stored only as its SHA-256, and it is the key that unseals the session token kept with
 * the session.
 */
final class LinkCodes {

	static final int LENGTH = 22;

	private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{" + LENGTH + "}");

	private static final int IV_BYTES = 12;

	private static final byte[] SINGLE_USE_NONCE = new byte[IV_BYTES];

	private static final SecureRandom RANDOM = new SecureRandom();

	private LinkCodes() {
	}

	static String newCode() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** Whether a value from outside (start payload, callback data, URL) can be a code. */
	static boolean isWellFormed(String value) {
		return value != null && value.length() == LENGTH && FORMAT.matcher(value).matches();
	}

	static byte[] hash(String code) {
		return RandomTokens.sha256(code);
	}

	/**
	 * The session token encrypted under a key only the link code yields. The nonce is all
	 * zeros: each key is derived from a fresh 128-bit code and seals exactly one token,
	 * so a (key, nonce) pair is never used twice, and generate spends no call of the
	 * shared {@link SecureRandom} on it. The stored form keeps its nonce prefix, so
	 * tokens sealed with a random nonce before still open.
	 */
	static byte[] seal(String sessionToken, String code) {
		return seal(sessionToken, code, SINGLE_USE_NONCE);
	}

	/**
	 * Seals {@code value} under a key from a code that may seal more than one value over
	 * time (a device grant's 8-letter user code is taken again once its session expired),
	 * so with a random nonce.
	 */
	static byte[] sealUnderReusedCode(String value, String code) {
		byte[] nonce = new byte[IV_BYTES];
		RANDOM.nextBytes(nonce);
		return seal(value, code, nonce);
	}

	private static byte[] seal(String value, String code, byte[] nonce) {
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key(code), new GCMParameterSpec(128, nonce));
			byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.allocate(IV_BYTES + sealed.length).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/** Empty when the value was not sealed with this code. */
	static Optional<String> open(byte[] sealed, String code) {
		if (sealed == null || sealed.length <= IV_BYTES) {
			return Optional.empty();
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key(code), new GCMParameterSpec(128, sealed, 0, IV_BYTES));
			byte[] plain = cipher.doFinal(Arrays.copyOfRange(sealed, IV_BYTES, sealed.length));
			return Optional.of(new String(plain, StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			return Optional.empty();
		}
	}

	// A different derivation from the stored hash, so the hash in the row is not the key.
	private static SecretKeySpec key(String code) {
		return new SecretKeySpec(RandomTokens.sha256("bondify-link-code-seal-v1:" + code), "AES");
	}

}
