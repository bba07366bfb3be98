package dev.bondify.access;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.bondify.system.ApiException;
import dev.bondify.system.ClientIpResolver;
import dev.bondify.system.ErrorResponseWriter;
import dev.bondify.system.RateLimiter;
import dev.bondify.system.WebProperties;

/**
 * Applies {@link RateLimitPolicy} once per request, inside every chain after the
 * features' authentication: an authenticated principal counts against its own budget, a
 * caller without one (or whose credential was refused) against its client address. A
 * refusal is 429 {@code RATE_LIMITED} with {@code Retry-After}.
 */
class RateLimitFilter extends OncePerRequestFilter {

	private final RateLimiter limiter;

	private final ClientIpResolver clientIps;

	private final WebProperties.RateLimit limits;

	private final ErrorResponseWriter writer;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	RateLimitFilter(RateLimiter limiter, ClientIpResolver clientIps, WebProperties web, ErrorResponseWriter writer) {
		this.limiter = limiter;
		this.clientIps = clientIps;
		this.limits = web.rateLimit();
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RateLimitPolicy row = RateLimitPolicy.of(request.getMethod(),
				request.getRequestURI().substring(request.getContextPath().length()));
		if (row != null) {
			String principal = (row.perPrincipal() && AdmissionFailures.find(request) == null)
					? principalName(this.contexts.getContext().getAuthentication()) : null;
			String address = (principal != null) ? null : ClientIpResolver.bucketOf(this.clientIps.resolve(request));
			RateLimitPolicy.Limit limit = row.limitFor(principal, address, this.limits);
			try {
				this.limiter.acquire(limit.key(), limit.perMinute(), limit.leased());
			}
			catch (ApiException ex) {
				this.writer.write(response, ex.code(), ex.getMessage(), ex.retryAfterSeconds());
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private static String principalName(Authentication authentication) {
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return null;
		}
		return authentication.getName();
	}

}
