package dev.bondify.session;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

import dev.bondify.system.RandomTokens;

/**
 * User codes of the device authorization grant (RFC 8628 section 6.1): eight letters of
 * an alphabet without vowels (no words, no look-alike digits) from {@link SecureRandom},
 * shown as {@code XXXX-XXXX}; about 34.6 bits, good for one session's lifetime. A typed
 * code is normalised (case, dashes, spaces) before it is hashed and looked up.
 */
public final class UserCodes {

	/** The letters a user code is made of. */
	public static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

	static final int LENGTH = 8;

	private static final SecureRandom RANDOM = new SecureRandom();

	private UserCodes() {
	}

	/** A fresh code in its display form, {@code XXXX-XXXX}. */
	public static String newCode() {
		StringBuilder code = new StringBuilder(LENGTH + 1);
		for (int i = 0; i < LENGTH; i++) {
			if (i == LENGTH / 2) {
				code.append('-');
			}
			code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

	/**
	 * The code a user typed, without spaces and dashes of any kind and in capitals; empty
	 * when the text cannot be a user code.
	 */
	public static Optional<String> normalize(String typed) {
		if (typed == null || typed.length() > 32) {
			return Optional.empty();
		}
		StringBuilder code = new StringBuilder(LENGTH);
		for (int i = 0; i < typed.length(); i++) {
			char c = typed.charAt(i);
			if (Character.isWhitespace(c) || Character.isSpaceChar(c)
					|| Character.getType(c) == Character.DASH_PUNCTUATION) {
				continue;
			}
			String upper = String.valueOf(c).toUpperCase(Locale.ROOT);
			if (upper.length() != 1 || ALPHABET.indexOf(upper.charAt(0)) < 0 || code.length() == LENGTH) {
				return Optional.empty();
			}
			code.append(upper);
		}
		return (code.length() == LENGTH) ? Optional.of(code.toString()) : Optional.empty();
	}

	/** The stored form of a normalised code. */
	static byte[] hash(String normalized) {
		return RandomTokens.sha256("bondify-user-code-v1:" + normalized);
	}

}
