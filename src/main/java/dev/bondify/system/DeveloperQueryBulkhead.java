package dev.bondify.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Admits at most a few heavy developer requests (analytics, session lists) at once, per
 * developer and in total; the others are answered 429 {@code RATE_LIMITED} with
 * {@code Retry-After: 1} straight away.
 */
@Configuration(proxyBeanMethods = false)
class DeveloperQueryBulkhead implements WebMvcConfigurer {

	static final String[] HEAVY_ROUTES = { "/api/v1/dev/analytics", "/api/v1/dev/sessions" };

	private static final String ENTERED = DeveloperQueryBulkhead.class.getName() + ".developer";

	private final DeveloperQueryLimits limits;

	DeveloperQueryBulkhead(DeveloperQueryLimits limits) {
		this.limits = limits;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new Interceptor()).addPathPatterns(HEAVY_ROUTES);
	}

	private final class Interceptor implements HandlerInterceptor {

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			if (authentication == null || !authentication.isAuthenticated()) {
				return true;
			}
			String developerId = authentication.getName();
			if (!DeveloperQueryBulkhead.this.limits.tryEnter(developerId)) {
				throw ApiException.rateLimited(1);
			}
			request.setAttribute(ENTERED, developerId);
			return true;
		}

		@Override
		public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
				Exception ex) {
			if (request.getAttribute(ENTERED) instanceof String developerId) {
				request.removeAttribute(ENTERED);
				DeveloperQueryBulkhead.this.limits.leave(developerId);
			}
		}

	}

}
