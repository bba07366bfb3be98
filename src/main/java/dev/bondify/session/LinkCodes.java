package dev.bondify.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
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
 * stored only as its SHA-256, and it is what unseals the session token kept with the
 * session (the webhook's confirm and cancel bodies carry that token).
 */
final class LinkCodes {

	static final int LENGTH = 22;

	private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{" + LENGTH + "}");

	private static final int IV_BYTES = 12;

	private static final byte[] SINGLE_USE_NONCE = new byte[IV_BYTES];

	private static final int TOKEN_BYTES = 32;

	private static final int TOKEN_CHARS = 43;

	private static final Pattern TOKEN_FORMAT = Pattern.compile("[A-Za-z0-9_-]{" + TOKEN_CHARS + "}");

	// The first byte of the pad form. The AES-GCM forms start with their 12-byte nonce
	// and are at least 28 bytes longer than what they seal, so none is 33 bytes long.
	private static final byte PAD_FORM = 2;

	private static final int PAD_FORM_LENGTH = 1 + TOKEN_BYTES;

	private LinkCodes() {
	}

	static String newCode() {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(RandomTokens.bytes(16));
	}

	/** Whether a value from outside (start payload, callback data, URL) can be a code. */
	static boolean isWellFormed(String value) {
		return value != null && value.length() == LENGTH && FORMAT.matcher(value).matches();
	}

	static byte[] hash(String code) {
		return RandomTokens.sha256(code);
	}

	/**
	 * The session token sealed so that only the link code opens it: its 256 random bits
	 * XORed with a one-time pad derived from the code (SHA-256 of the code under a label
	 * of its own, not the stored hash), behind a version byte. Each code is fresh (128
	 * random bits) and seals exactly one token, so no pad is ever used twice; the
	 * session's token hash authenticates what {@link #openToken} recovers. One hash and
	 * no cipher: the AES-GCM seal this replaces cost generate a provider lookup, a key
	 * schedule and a GHASH table per call. A value not shaped like a session token is
	 * sealed with AES-GCM as before.
	 */
	static byte[] seal(String sessionToken, String code) {
		byte[] raw = tokenBits(sessionToken);
		if (raw == null) {
			return seal(sessionToken, code, SINGLE_USE_NONCE);
		}
		byte[] pad = pad(code);
		byte[] sealed = new byte[PAD_FORM_LENGTH];
		sealed[0] = PAD_FORM;
		for (int i = 0; i < TOKEN_BYTES; i++) {
			sealed[i + 1] = (byte) (raw[i] ^ pad[i]);
		}
		return sealed;
	}

	/**
	 * The session token {@link #seal} sealed with {@code code}, whichever form it was
	 * stored in; empty unless its SHA-256 is {@code tokenHash} (a wrong code, or a value
	 * altered in the database).
	 */
	static Optional<String> openToken(byte[] sealed, String code, byte[] tokenHash) {
		Optional<String> token;
		if (sealed != null && sealed.length == PAD_FORM_LENGTH && sealed[0] == PAD_FORM) {
			byte[] pad = pad(code);
			byte[] raw = new byte[TOKEN_BYTES];
			for (int i = 0; i < TOKEN_BYTES; i++) {
				raw[i] = (byte) (sealed[i + 1] ^ pad[i]);
			}
			token = Optional
				.of(SessionService.TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
		}
		else {
			token = open(sealed, code);
		}
		return token.filter(t -> tokenHash != null && MessageDigest.isEqual(RandomTokens.sha256(t), tokenHash));
	}

	// The 32 random bytes of a session token, or null when it is not one in canonical
	// form (then it could not be rebuilt from them).
	private static byte[] tokenBits(String token) {
		if (token.length() != SessionService.TOKEN_PREFIX.length() + TOKEN_CHARS
				|| !token.startsWith(SessionService.TOKEN_PREFIX)) {
			return null;
		}
		String bits = token.substring(SessionService.TOKEN_PREFIX.length());
		if (!TOKEN_FORMAT.matcher(bits).matches()) {
			return null;
		}
		byte[] raw = Base64.getUrlDecoder().decode(bits);
		return (raw.length == TOKEN_BYTES && Base64.getUrlEncoder().withoutPadding().encodeToString(raw).equals(bits))
				? raw : null;
	}

	private static byte[] pad(String code) {
		return RandomTokens.sha256("bondify-link-code-pad-v2:" + code);
	}

	/**
	 * Seals {@code value} under a key from a code that may seal more than one value over
	 * time (a device grant's 8-letter user code is taken again once its session expired),
	 * so with a random nonce.
	 */
	static byte[] sealUnderReusedCode(String value, String code) {
		return seal(value, code, RandomTokens.bytes(IV_BYTES));
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
