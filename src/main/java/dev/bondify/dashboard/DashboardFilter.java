package dev.bondify.dashboard;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.bondify.access.AdmissionOrder;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.ErrorResponseWriter;

/**
 * Runs before Spring Security and does three things for the dashboard: sends the strict
 * Content-Security-Policy on every {@code /dashboard} response; refuses any state change
 * from the dashboard (its own {@code /dashboard/api/*} calls, and developer API calls
 * authenticated by its cookie) without the matching CSRF header, 403 {@code FORBIDDEN};
 * and turns the httpOnly token cookie into the {@code Authorization: Bearer} header, so
 * the developer API authenticates it exactly like any other client's token. A request
 * that brings its own {@code Authorization} header is left alone: that is an API client,
 * not the browser.
 */
@Component
@Order(AdmissionOrder.DASHBOARD)
class DashboardFilter extends OncePerRequestFilter {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self'; connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
			+ "frame-ancestors 'none'";

	private static final String DEVELOPER_API = "/api/v1/dev/";

	private static final String DASHBOARD = "/dashboard";

	private static final String DASHBOARD_API = "/dashboard/api/";

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private static final String CSRF_REJECTED = "The dashboard's CSRF token is missing or wrong; "
			+ "reload the page and try again.";

	private final DashboardCookies cookies;

	private final ErrorResponseWriter writer;

	DashboardFilter(DashboardCookies cookies, ErrorResponseWriter writer) {
		this.cookies = cookies;
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// Already the canonical path (repeated slashes collapsed) the router sees:
		// CanonicalPathFilter
		// runs first.
		String path = request.getRequestURI();
		boolean unsafe = !SAFE_METHODS.contains(request.getMethod());
		if (path.equals(DASHBOARD) || path.startsWith(DASHBOARD + "/")) {
			response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
			response.setHeader("Referrer-Policy", "same-origin");
			response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
			if (path.startsWith(DASHBOARD_API) && unsafe && !this.cookies.csrfMatches(request)) {
				reject(response);
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		if (path.startsWith(DEVELOPER_API) && request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
			String token = this.cookies.token(request);
			if (token != null) {
				if (unsafe && !this.cookies.csrfMatches(request)) {
					reject(response);
					return;
				}
				chain.doFilter(new BearerRequest(request, token), response);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private void reject(HttpServletResponse response) throws IOException {
		this.writer.write(response, ErrorCode.FORBIDDEN, CSRF_REJECTED, null);
	}

	/**
	 * The request as the token filter should see it: with the cookie's token as Bearer.
	 */
	private static final class BearerRequest extends HttpServletRequestWrapper {

		private final String authorization;

		BearerRequest(HttpServletRequest request, String token) {
			super(request);
			this.authorization = "Bearer " + token;
		}

		@Override
		public String getHeader(String name) {
			return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? this.authorization : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name)
					? Collections.enumeration(Set.of(this.authorization)) : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			Set<String> names = new LinkedHashSet<>(Collections.list(super.getHeaderNames()));
			names.add(HttpHeaders.AUTHORIZATION);
			return Collections.enumeration(names);
		}

	}

}
