package dev.bondify.access;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

/**
 * Reads the credential out of an {@code Authorization: Bearer …} header; the one place
 * that reads {@code Authorization}, for every surface but the OpenID Connect provider
 * (whose client authentication is Spring Authorization Server's own).
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

	/**
	 * The request's {@code Authorization} header as sent, for a reader that checks its
	 * syntax itself (the OpenID Connect provider's RFC 6750 resource server, and its code
	 * exchange route, which hands {@code Basic} credentials to the library's own client
	 * authentication).
	 * @return the header's value, or null when there is none
	 */
	public static String header(HttpServletRequest request) {
		return request.getHeader(HttpHeaders.AUTHORIZATION);
	}

	/** Whether the request brings an {@code Authorization} header at all. */
	public static boolean present(HttpServletRequest request) {
		return request.getHeader(HttpHeaders.AUTHORIZATION) != null;
	}

	/**
	 * @return the request's Bearer token, or null when it has no {@code Authorization}
	 * header or one that is not a Bearer header
	 */
	public static String from(HttpServletRequest request) {
		return extract(request.getHeader(HttpHeaders.AUTHORIZATION));
	}

}
