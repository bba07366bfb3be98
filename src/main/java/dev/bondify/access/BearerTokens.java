package dev.bondify.access;

/**
 * Reads the credential out of an {@code Authorization: Bearer …} header.
 */
public final class BearerTokens {

	private static final String PREFIX = "Bearer ";

	private BearerTokens() {
	}

	/**
	 * @return the token, or null when the header is missing or not a Bearer header
	 */
	public static String extract(String authorization) {
		if (authorization == null || authorization.length() <= PREFIX.length()
				|| !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			return null;
		}
		String token = authorization.substring(PREFIX.length()).trim();
		return token.isEmpty() ? null : token;
	}

}
