package dev.bondify.project;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a project's OpenID Connect {@code redirect_uris}: absolute URLs without a
 * fragment or user info, {@code https://} anywhere and {@code http://} only on a loopback
 * host; kept exactly as sent (the provider matches them exactly).
 */
final class RedirectUris {

	static final int MAX_URIS = 20;

	static final int MAX_LENGTH = 2000;

	private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "[::1]", "localhost");

	private RedirectUris() {
	}

	/**
	 * The de-duplicated list, in the order sent; any bad entry refuses the whole list.
	 */
	static List<String> check(List<String> uris) {
		if (uris == null) {
			throw ProjectSettings.invalid("redirect_uris must be a list of URLs.");
		}
		if (uris.size() > MAX_URIS) {
			throw ProjectSettings.invalid("redirect_uris may hold at most " + MAX_URIS + " URLs.");
		}
		Set<String> checked = new LinkedHashSet<>();
		for (int i = 0; i < uris.size(); i++) {
			checked.add(checkOne(uris.get(i), i));
		}
		return List.copyOf(checked);
	}

	private static String checkOne(String value, int index) {
		if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
			throw refused(index);
		}
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (URISyntaxException ex) {
			throw refused(index);
		}
		if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawFragment() != null || value.contains("#")
				|| uri.getRawUserInfo() != null || uri.getHost() == null || uri.getHost().isEmpty()) {
			throw refused(index);
		}
		String scheme = uri.getScheme();
		String host = uri.getHost().toLowerCase(Locale.ROOT);
		boolean https = "https".equals(scheme);
		boolean loopbackHttp = "http".equals(scheme) && LOOPBACK_HOSTS.contains(host);
		if (!https && !loopbackHttp) {
			throw refused(index);
		}
		return value;
	}

	/** The sentence names the entry by position and never repeats what was sent. */
	private static RuntimeException refused(int index) {
		return ProjectSettings.invalid("redirect_uris[" + index + "] is refused: each entry must be an absolute URL"
				+ " without a fragment or user name, https://, or http:// only for 127.0.0.1, [::1] and localhost.");
	}

}
