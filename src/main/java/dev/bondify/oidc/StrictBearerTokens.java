package dev.bondify.oidc;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.util.StringUtils;

import dev.bondify.access.BearerTokens;

/**
 * Where {@code /userinfo} finds its access token: exactly what Spring Security's
 * {@code DefaultBearerTokenResolver} accepts by default (the {@code Authorization} header
 * only, {@code ^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$} with the scheme in any ASCII
 * case; a header that starts with {@code bearer} but does not match is
 * {@code invalid_token} "Bearer token is malformed"; any other header is no token; an
 * {@code access_token} query or form parameter is never read, so never "multiple bearer
 * tokens": Spring Security 7.1 reads one only when allowed, which it is not by default),
 * checked by one pass over the characters instead of a regular expression over the whole
 * token on every call.
 */
final class StrictBearerTokens implements BearerTokenResolver {

	private static final String SCHEME = "bearer";

	@Override
	public String resolve(HttpServletRequest request) {
		String authorization = BearerTokens.header(request);
		if (!StringUtils.startsWithIgnoreCase(authorization, SCHEME)) {
			return null;
		}
		int start = SCHEME.length() + 1;
		if (authorization.length() <= start || authorization.charAt(SCHEME.length()) != ' '
				|| !isAsciiScheme(authorization)) {
			throw malformed();
		}
		int end = authorization.length();
		while (end > start && authorization.charAt(end - 1) == '=') {
			end--;
		}
		if (end == start) {
			throw malformed();
		}
		for (int i = start; i < end; i++) {
			if (!isTokenCharacter(authorization.charAt(i))) {
				throw malformed();
			}
		}
		return authorization.substring(start);
	}

	/** The regular expression's case-insensitive {@code Bearer} is ASCII only. */
	private static boolean isAsciiScheme(String authorization) {
		for (int i = 0; i < SCHEME.length(); i++) {
			char c = authorization.charAt(i);
			if (c != SCHEME.charAt(i) && c != Character.toUpperCase(SCHEME.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/** RFC 6750's b64token characters before the padding. */
	static boolean isTokenCharacter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || c == '+' || c == '/';
	}

	private static OAuth2AuthenticationException malformed() {
		return new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
	}

}
