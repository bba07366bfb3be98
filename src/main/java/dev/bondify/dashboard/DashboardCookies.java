package dev.bondify.dashboard;

import java.time.Duration;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

import dev.bondify.developer.DeveloperTokenCookie;
import dev.bondify.system.ClientIpResolver;
import dev.bondify.system.RandomTokens;

/**
 * The dashboard's two cookies: the developer token (httpOnly, so no page script can read
 * it; the developer chain's {@link DeveloperTokenCookie}) and the CSRF token that scripts
 * echo in {@value #CSRF_HEADER} and forms in {@value #CSRF_PARAMETER}, checked by Spring
 * Security's CSRF filter ({@link DashboardCsrfTokens}). Both are {@code SameSite=Strict};
 * over https they are {@code Secure} and carry the {@code __Host-} prefix, so no sibling
 * host can plant them.
 */
@Component
class DashboardCookies implements DeveloperTokenCookie {

	static final String CSRF_HEADER = "X-CSRF-Token";

	static final String CSRF_PARAMETER = "_csrf";

	private static final String TOKEN = "bondify_dev";

	private static final String CSRF = "bondify_csrf";

	private static final String SECURE_PREFIX = "__Host-";

	private final ClientIpResolver proxies;

	DashboardCookies(ClientIpResolver proxies) {
		this.proxies = proxies;
	}

	/** https directly, or through a trusted proxy that says so. */
	boolean isSecure(HttpServletRequest request) {
		return request.isSecure() || (this.proxies.fromTrustedProxy(request)
				&& "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto")));
	}

	@Override
	public String token(HttpServletRequest request) {
		return read(request, name(request, TOKEN));
	}

	String csrf(HttpServletRequest request) {
		return read(request, name(request, CSRF));
	}

	void writeToken(HttpServletRequest request, HttpServletResponse response, String token, Duration maxAge) {
		add(request, response, TOKEN, token, maxAge, true);
	}

	/** A fresh CSRF token, set as cookie and returned for the response body. */
	String writeNewCsrf(HttpServletRequest request, HttpServletResponse response) {
		String csrf = newCsrf();
		writeCsrf(request, response, csrf);
		return csrf;
	}

	static String newCsrf() {
		return RandomTokens.base64Url256("");
	}

	/** Sets the CSRF cookie; a null value deletes it. */
	void writeCsrf(HttpServletRequest request, HttpServletResponse response, String csrf) {
		if (csrf == null) {
			add(request, response, CSRF, "", Duration.ZERO, false);
			return;
		}
		add(request, response, CSRF, csrf, Duration.ofDays(400), false);
	}

	void clearToken(HttpServletRequest request, HttpServletResponse response) {
		add(request, response, TOKEN, "", Duration.ZERO, true);
	}

	private void add(HttpServletRequest request, HttpServletResponse response, String base, String value,
			Duration maxAge, boolean httpOnly) {
		boolean secure = isSecure(request);
		ResponseCookie cookie = ResponseCookie.from(secure ? SECURE_PREFIX + base : base, value)
			.path("/")
			.httpOnly(httpOnly)
			.secure(secure)
			.sameSite("Strict")
			.maxAge(maxAge)
			.build();
		response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
	}

	private String name(HttpServletRequest request, String base) {
		// Over https only the prefixed cookie counts: a plain one may have been planted.
		return isSecure(request) ? SECURE_PREFIX + base : base;
	}

	private static String read(HttpServletRequest request, String name) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (cookie.getName().equals(name) && !cookie.getValue().isEmpty()) {
				return cookie.getValue();
			}
		}
		return null;
	}

}
