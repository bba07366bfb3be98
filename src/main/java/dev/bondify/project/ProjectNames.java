package dev.bondify.project;

/**
 * The rule for project names: one line of printable text, so a name can never paint extra
 * lines (a fake "From:" or "IP address:") into the bot's anti-phishing prompt or the
 * sandbox page.
 */
public final class ProjectNames {

	/** The longest name, in code points. */
	public static final int MAX_LENGTH = 100;

	private static final String SUBSTITUTE = "\uFFFD";

	private ProjectNames() {
	}

	/**
	 * Whether {@code name} is already a valid project name (stripped, 1–100 code points,
	 * printable).
	 */
	static boolean isValid(String name) {
		if (name == null || name.isEmpty() || !name.equals(name.strip())) {
			return false;
		}
		int length = name.codePointCount(0, name.length());
		return length <= MAX_LENGTH && name.codePoints().allMatch(ProjectNames::printable);
	}

	/**
	 * The name as any screen may show it: a stored name that breaks the rule (saved
	 * before it existed, or written straight into the database) has its line breaks and
	 * control characters turned into spaces, its invisible format characters (bidi
	 * overrides, zero-width spaces) removed and its length cut to {@link #MAX_LENGTH}.
	 * @param stored the name as stored, may be null
	 * @return a non-empty single line of printable text
	 */
	public static String display(String stored) {
		if (stored == null) {
			return SUBSTITUTE;
		}
		if (isValid(stored)) {
			return stored;
		}
		StringBuilder shown = new StringBuilder(Math.min(stored.length(), MAX_LENGTH * 2));
		stored.codePoints().forEach(cp -> {
			if (printable(cp)) {
				shown.appendCodePoint(cp);
			}
			else if (lineOrControl(cp)) {
				shown.append(' ');
			}
		});
		String result = shown.toString().replaceAll(" {2,}", " ").strip();
		if (result.codePointCount(0, result.length()) > MAX_LENGTH) {
			result = result.substring(0, result.offsetByCodePoints(0, MAX_LENGTH - 1)).strip() + "…";
		}
		return result.isEmpty() ? SUBSTITUTE : result;
	}

	/**
	 * Letters, marks, digits, punctuation, symbols and spaces; refused are controls (C0,
	 * DEL, C1 — so also newlines and tabs), line and paragraph separators, format
	 * characters (bidi overrides and isolates, zero-width spaces, tag characters), lone
	 * surrogates and unassigned code points. The zero-width joiner and non-joiner stay,
	 * because emoji sequences and several scripts need them.
	 */
	static boolean printable(int cp) {
		if (cp == 0x200C || cp == 0x200D) {
			return true;
		}
		return switch (Character.getType(cp)) {
			case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
					Character.SURROGATE, Character.UNASSIGNED ->
				false;
			default -> true;
		};
	}

	private static boolean lineOrControl(int cp) {
		int type = Character.getType(cp);
		return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
	}

}
