package dev.bondify.access;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule for an {@code Origin} header: a serialized origin
 * ({@code scheme://host[:port]}, ASCII, an internationalised host as punycode, at most
 * 255 characters) or the literal {@code null}; and how a stored origin is shown to a
 * user.
 */
public final class Origins {

	/** The longest origin accepted. */
	public static final int MAX_LENGTH = 255;

	/** The opaque origin a browser sends from a sandboxed frame or a local file. */
	public static final String OPAQUE = "null";

	private static final Pattern ORIGIN = Pattern.compile("([a-z][a-z0-9+.-]*)://" // scheme
			+ "((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*" // name
			+ "|\\[[0-9a-f:.]{2,45}\\])" // IPv6 literal
			+ "(?::([0-9]{1,5}))?");

	private Origins() {
	}

	/**
	 * The origin in its normalised form: scheme and host in lower case, a default port
	 * (80 for http, 443 for https) left out.
	 * @param header the header value, may be null
	 * @return null when there is no header, the normalised origin, or {@link #OPAQUE}
	 * @throws IllegalArgumentException when the header is present but not an origin
	 */
	public static String normalise(String header) {
		if (header == null) {
			return null;
		}
		if (header.equals(OPAQUE)) {
			return OPAQUE;
		}
		if (header.isEmpty() || header.length() > MAX_LENGTH) {
			throw new IllegalArgumentException("not an origin");
		}
		for (int i = 0; i < header.length(); i++) {
			char c = header.charAt(i);
			if (c <= 0x20 || c >= 0x7F) {
				// Spaces, tabs, NBSP, controls, format characters, non-ASCII hosts.
				throw new IllegalArgumentException("not an origin");
			}
		}
		// One trailing slash (the empty path, as some server clients send it) is
		// tolerated
		// and normalised away; any other path is not.
		String candidate = header.endsWith("/") ? header.substring(0, header.length() - 1) : header;
		Matcher matcher = ORIGIN.matcher(candidate.toLowerCase(Locale.ROOT));
		if (!matcher.matches()) {
			throw new IllegalArgumentException("not an origin");
		}
		String scheme = matcher.group(1);
		String host = matcher.group(2);
		String port = matcher.group(3);
		if (port != null) {
			int number = Integer.parseInt(port);
			if (number > 65535 || port.length() > 1 && port.charAt(0) == '0') {
				throw new IllegalArgumentException("not an origin");
			}
			if ((scheme.equals("http") && number == 80) || (scheme.equals("https") && number == 443)) {
				port = null;
			}
		}
		return scheme + "://" + host + ((port != null) ? ":" + port : "");
	}

	/** Whether {@code header} is absent, {@link #OPAQUE} or a serialized origin. */
	public static boolean isAcceptable(String header) {
		try {
			normalise(header);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * How a stored origin may be shown to a user deciding whether to confirm a sign-in.
	 * @param stored the origin as recorded, may be null
	 * @return what to show
	 */
	public static Shown shown(String stored) {
		if (stored == null) {
			return new Shown(Kind.NO_WEBSITE, null);
		}
		try {
			String origin = normalise(stored);
			return OPAQUE.equals(origin) ? new Shown(Kind.OPAQUE, null) : new Shown(Kind.WEBSITE, origin);
		}
		catch (IllegalArgumentException ex) {
			// A row recorded before the rule existed: its text is never shown.
			return new Shown(Kind.UNKNOWN, null);
		}
	}

	/** What kind of source a session came from, as the user is told. */
	public enum Kind {

		/** A website: its normalised origin is shown. */
		WEBSITE,
		/**
		 * No Origin header: a server or a native app ("an app or server (no website)").
		 */
		NO_WEBSITE,
		/** The literal {@code null}: a page that does not tell its address. */
		OPAQUE,
		/** A stored value that is not an origin: shown as unknown. */
		UNKNOWN

	}

	/**
	 * What a screen shows for a session's origin.
	 *
	 * @param kind the kind of source
	 * @param origin the normalised origin when {@code kind} is {@link Kind#WEBSITE}
	 */
	public record Shown(Kind kind, String origin) {
	}

}
