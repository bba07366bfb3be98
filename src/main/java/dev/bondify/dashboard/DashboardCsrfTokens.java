package dev.bondify.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.DefaultCsrfToken;

/**
 * Spring Security's CSRF token store for the developer chain: the dashboard's
 * {@code bondify_csrf} cookie ({@code __Host-} and {@code Secure} over https), echoed by
 * the page script in {@value DashboardCookies#CSRF_HEADER} and by the account forms in
 * {@value DashboardCookies#CSRF_PARAMETER}.
 */
class DashboardCsrfTokens implements CsrfTokenRepository {

	private final DashboardCookies cookies;

	DashboardCsrfTokens(DashboardCookies cookies) {
		this.cookies = cookies;
	}

	@Override
	public CsrfToken generateToken(HttpServletRequest request) {
		return token(DashboardCookies.newCsrf());
	}

	@Override
	public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
		this.cookies.writeCsrf(request, response, (token != null) ? token.getToken() : null);
	}

	@Override
	public CsrfToken loadToken(HttpServletRequest request) {
		String csrf = this.cookies.csrf(request);
		return (csrf != null) ? token(csrf) : null;
	}

	private static CsrfToken token(String value) {
		return new DefaultCsrfToken(DashboardCookies.CSRF_HEADER, DashboardCookies.CSRF_PARAMETER, value);
	}

}
