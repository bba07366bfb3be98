package dev.bondify.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Generates identifiers and secrets from a CSPRNG, hashes them for storage and compares
 * them in constant time.
 */
public final class RandomTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final char[] LOWER_ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

	private RandomTokens() {
	}

	/** {@code prefix} + 43 base64url characters carrying 256 random bits. */
	public static String base64Url256(String prefix) {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** {@code prefix} + {@code length} random lowercase letters and digits. */
	public static String lowerAlphanumeric(String prefix, int length) {
		StringBuilder builder = new StringBuilder(prefix.length() + length).append(prefix);
		for (int i = 0; i < length; i++) {
			builder.append(LOWER_ALPHANUMERIC[RANDOM.nextInt(LOWER_ALPHANUMERIC.length)]);
		}
		return builder.toString();
	}

	public static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static boolean constantTimeEquals(String expected, String actual) {
		if (expected == null || actual == null) {
			return false;
		}
		return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
				actual.getBytes(StandardCharsets.UTF_8));
	}

}
