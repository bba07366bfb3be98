package dev.bondify.access;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CORS for the endpoints browsers call directly: any origin may send the preflight and
 * read the answer (errors included); which origins a project accepts is decided per
 * project by the session service. Runs before the body limit, so a 413 (like every other
 * error) carries the same headers as a success.
 */
@Component
@Order(AdmissionOrder.CORS)
class PublicCorsFilter extends OncePerRequestFilter {

	static final Set<String> PUBLIC_PATHS = Set.of("/api/v1/generate/public", "/api/v1/verify/public",
			"/api/v1/exchange/public");

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !PUBLIC_PATHS.contains(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
		response.setHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, "Retry-After");
		if (HttpMethod.OPTIONS.matches(request.getMethod())) {
			response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST, OPTIONS");
			String requested = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
			response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
					(requested != null && !requested.isBlank()) ? requested : "Content-Type");
			response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400");
			response.setStatus(HttpServletResponse.SC_NO_CONTENT);
			return;
		}
		chain.doFilter(request, response);
	}

}
