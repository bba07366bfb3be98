package dev.bondify.system;

/**
 * The one rule for what a string from outside may contain, applied to JSON bodies, query
 * parameters, path variables, form fields and Telegram updates alike: any Unicode text
 * except control characters (C0 other than tab, line feed and carriage return; DEL; C1)
 * and unpaired surrogates. PostgreSQL refuses NUL in text, control characters have no
 * business in names, URLs or tokens, and a lone surrogate cannot be encoded as UTF-8.
 */
public final class TextRules {

	/** The sentence of the 400 answer when a string breaks the rule. */
	public static final String MESSAGE = "Text must be printable: no control characters or unpaired surrogates.";

	private TextRules() {
	}

	/** Whether {@code text} (null counts as acceptable) satisfies the rule. */
	public static boolean isAcceptable(CharSequence text) {
		if (text == null) {
			return true;
		}
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c)) {
				if (i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
					continue;
				}
				return false;
			}
			if (Character.isLowSurrogate(c) || isForbiddenControl(c)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * @throws ApiException {@code INVALID_REQUEST} when {@code text} breaks the rule
	 */
	public static void require(CharSequence text) {
		if (!isAcceptable(text)) {
			throw new ApiException(ErrorCode.INVALID_REQUEST, MESSAGE);
		}
	}

	private static boolean isForbiddenControl(char c) {
		if (c == '\t' || c == '\n' || c == '\r') {
			return false;
		}
		return c < 0x20 || (c >= 0x7f && c <= 0x9f);
	}

}
