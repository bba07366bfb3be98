package dev.bondify.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

import dev.bondify.system.ErrorCode;
import dev.bondify.system.ErrorResponseWriter;
import dev.bondify.system.WebProperties;

/**
 * Gives every later layer (our filters, Spring Security's matchers and firewall, the
 * router) one and the same path: the one Tomcat decoded and normalised, re-encoded. So
 * {@code /%73andbox/…} is {@code /sandbox/…} to the CSRF check exactly as it is to the
 * router, and {@code //api//v1/…} is {@code /api/v1/…}. Also refuses a query string that
 * does not decode (400) before anything reads a parameter.
 */
@Component
@Order(AdmissionOrder.CANONICAL_PATH)
class CanonicalPathFilter extends OncePerRequestFilter {

	private static final String FORM = "application/x-www-form-urlencoded";

	private final ErrorResponseWriter writer;

	private final WebProperties properties;

	CanonicalPathFilter(ErrorResponseWriter writer, WebProperties properties) {
		this.writer = writer;
		this.properties = properties;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (hasParameters(request) && !parametersDecode(request)) {
			this.writer.write(response, ErrorCode.INVALID_REQUEST,
					"The query string or form is not valid percent-encoded UTF-8.", null);
			return;
		}
		String servletPath = collapseSlashes(request.getServletPath());
		String pathInfo = (request.getPathInfo() != null) ? collapseSlashes(request.getPathInfo()) : null;
		String canonical = request.getContextPath()
				+ UriUtils.encodePath(servletPath + ((pathInfo != null) ? pathInfo : ""), StandardCharsets.UTF_8);
		if (canonical.equals(request.getRequestURI())) {
			chain.doFilter(request, response);
			return;
		}
		chain.doFilter(new CanonicalRequest(request, canonical, servletPath, pathInfo), response);
	}

	/**
	 * A query string, or a form body small enough to be read here (a larger one is left
	 * to the body limit's 413).
	 */
	private boolean hasParameters(HttpServletRequest request) {
		if (request.getQueryString() != null) {
			return true;
		}
		String type = request.getContentType();
		long length = request.getContentLengthLong();
		return type != null && type.regionMatches(true, 0, FORM, 0, FORM.length()) && length >= 0
				&& length <= this.properties.maxBodySize().toBytes();
	}

	/**
	 * Tomcat decodes parameters on first access and, since Tomcat 11, throws on a broken
	 * escape; that must be a 400 here, not a 500 from whichever layer asked first. Its
	 * message quotes the value, so it is never logged.
	 */
	private static boolean parametersDecode(HttpServletRequest request) {
		try {
			request.getParameterMap();
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	static String collapseSlashes(String path) {
		return (path.contains("//")) ? path.replaceAll("/{2,}", "/") : path;
	}

	private static final class CanonicalRequest extends HttpServletRequestWrapper {

		private final String requestUri;

		private final String servletPath;

		private final String pathInfo;

		CanonicalRequest(HttpServletRequest request, String requestUri, String servletPath, String pathInfo) {
			super(request);
			this.requestUri = requestUri;
			this.servletPath = servletPath;
			this.pathInfo = pathInfo;
		}

		@Override
		public String getRequestURI() {
			return this.requestUri;
		}

		@Override
		public StringBuffer getRequestURL() {
			StringBuffer url = new StringBuffer();
			url.append(getScheme()).append("://").append(getServerName());
			int port = getServerPort();
			if (port > 0
					&& !(("http".equals(getScheme()) && port == 80) || ("https".equals(getScheme()) && port == 443))) {
				url.append(':').append(port);
			}
			return url.append(this.requestUri);
		}

		@Override
		public String getServletPath() {
			return this.servletPath;
		}

		@Override
		public String getPathInfo() {
			return this.pathInfo;
		}

	}

}
