package dev.bondify.developer;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.scoring.Result;

import org.springframework.stereotype.Component;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * Decides whether a new password is acceptable: 10 characters to 72 bytes, not blank or
 * one repeated character, and hard enough to guess by nbvcxz's estimate (a Java port of
 * zxcvbn: dictionaries, keyboard runs, sequences, dates, leet speak). Applies to
 * registration, password change and reset, and the operator commands.
 */
@Component
class PasswordPolicy {

	static final int MIN_CHARS = 10;

	/**
	 * bcrypt only reads the first 72 bytes; a longer password would be silently
	 * truncated.
	 */
	static final int MAX_BYTES = 72;

	static final String HOW_TO_CHOOSE = "Use a longer passphrase of several unrelated words, "
			+ "or let a password manager generate one.";

	/**
	 * nbvcxz loads its dictionaries (about a second) when it is built: one shared
	 * instance, built once; {@code estimate} is thread-safe.
	 */
	private final Nbvcxz estimator = new Nbvcxz(
			new ConfigurationBuilder().setLocale(Locale.ENGLISH).createConfiguration());

	/**
	 * Refuses a password with 400 {@code INVALID_REQUEST} and a sentence saying how to
	 * choose a better one.
	 * @param password the candidate, as typed
	 */
	void check(String password) {
		if (password.codePointCount(0, password.length()) < MIN_CHARS) {
			throw refused("password must be at least " + MIN_CHARS + " characters long.");
		}
		if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			throw refused("password must be at most " + MAX_BYTES + " bytes long (UTF-8).");
		}
		if (password.codePoints().allMatch(PasswordPolicy::isBlank)) {
			throw refused("password must not be only spaces.");
		}
		int first = password.codePointAt(0);
		if (password.codePoints().allMatch((c) -> c == first)) {
			throw refused("password must not be one character repeated.");
		}
		Result result = this.estimator.estimate(password);
		if (!result.isMinimumEntropyMet()) {
			String warning = result.getFeedback().getWarning();
			throw refused("password is too easy to guess." + ((warning != null) ? " " + warning : ""));
		}
	}

	private static boolean isBlank(int codePoint) {
		// NBSP and friends are not Character.isWhitespace, but they are blank.
		return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
				|| Character.getType(codePoint) == Character.FORMAT;
	}

	private static ApiException refused(String reason) {
		return new ApiException(ErrorCode.INVALID_REQUEST, reason + " " + HOW_TO_CHOOSE);
	}

}
