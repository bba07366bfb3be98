package dev.bondify.session;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Routes the common shape of a generate call, a {@code POST} with
 * {@code Content-Type: application/json} exactly, to {@link GenerateHandler}; every other
 * request to the generate paths (another method, media type or charset) goes on to
 * {@link SessionController}'s mapping as before.
 */
@Component
class GenerateRoute implements HandlerMapping, Ordered {

	static final String PUBLIC = "/api/v1/generate/public";

	static final String SECRET_KEY = "/api/v1/generate";

	private final GenerateHandler handler;

	GenerateRoute(GenerateHandler handler) {
		this.handler = handler;
	}

	/** Before every other mapping (actuator's included), so it is asked first. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public HandlerExecutionChain getHandler(HttpServletRequest request) {
		String path = path(request);
		if (path == null) {
			return null;
		}
		// What MVC's mapping records: the route's pattern for the request metrics' uri
		// tag.
		request.setAttribute(BEST_MATCHING_PATTERN_ATTRIBUTE, path);
		ServerHttpObservationFilter.findObservationContext(request).ifPresent(context -> context.setPathPattern(path));
		return new HandlerExecutionChain(this.handler);
	}

	/** The generate path this route serves {@code request} on, or null. */
	static String path(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod()) || !"application/json".equalsIgnoreCase(request.getContentType())) {
			return null;
		}
		String uri = request.getRequestURI();
		int context = request.getContextPath().length();
		if (uri.length() - context == PUBLIC.length() && uri.startsWith(PUBLIC, context)) {
			return PUBLIC;
		}
		if (uri.length() - context == SECRET_KEY.length() && uri.startsWith(SECRET_KEY, context)) {
			return SECRET_KEY;
		}
		return null;
	}

}
