package dev.bondify.access;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The API speaks only JSON, whatever {@code Accept} says: without this, a client sending
 * {@code Accept: text/plain} would get a 406/500 only after the handler ran, e.g. after
 * verify had already handed out (and spent) the proof.
 */
@Component
@Order(AdmissionOrder.JSON_ACCEPT)
class JsonApiAcceptFilter extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith("/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(new JsonAcceptingRequest(request), response);
	}

	private static final class JsonAcceptingRequest extends HttpServletRequestWrapper {

		JsonAcceptingRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getHeader(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? MediaType.APPLICATION_JSON_VALUE : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return HttpHeaders.ACCEPT.equalsIgnoreCase(name)
					? Collections.enumeration(java.util.List.of(MediaType.APPLICATION_JSON_VALUE))
					: super.getHeaders(name);
		}

	}

}
