package dev.bondify.dashboard;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.bondify.access.AdmissionOrder;

/**
 * Sends the strict Content-Security-Policy (and its companions) on every
 * {@code /dashboard} response, error pages included. It checks nothing: the token cookie
 * and CSRF are Spring Security's ({@link DashboardSecurityConfiguration}).
 */
@Component
@Order(AdmissionOrder.DASHBOARD)
class DashboardFilter extends OncePerRequestFilter {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self'; connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
			+ "frame-ancestors 'none'";

	private static final String DASHBOARD = "/dashboard";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// Already the canonical path the router sees: CanonicalPathFilter runs first.
		String path = request.getRequestURI();
		if (path.equals(DASHBOARD) || path.startsWith(DASHBOARD + "/")) {
			response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
			response.setHeader("Referrer-Policy", "same-origin");
			response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
		}
		chain.doFilter(request, response);
	}

}
