package dev.bondify.developer;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.bondify.access.BearerTokens;
import dev.bondify.system.ApiException;
import dev.bondify.system.DatabaseFailures;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.ErrorResponseWriter;

/**
 * Authenticates developer API requests by their Bearer token; the resulting
 * {@link Authentication}'s {@code getName()} is the developer id. Runs inside the Spring
 * Security chain only (see {@link DeveloperSecurityConfiguration}); a present but bad
 * token is answered 401 here, a missing one by the entry point. It sees the canonical
 * path ({@code dev.bondify.access.CanonicalPathFilter}), the one the router sees.
 */
@Component
public class DeveloperTokenFilter extends OncePerRequestFilter {

	static final String PREFIX = "/api/v1/dev/";

	static final String REGISTER = "/api/v1/dev/register";

	static final String LOGIN = "/api/v1/dev/login";

	private final DeveloperTokens tokens;

	private final DeveloperRepository developers;

	private final ErrorResponseWriter writer;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	DeveloperTokenFilter(DeveloperTokens tokens, DeveloperRepository developers, ErrorResponseWriter writer) {
		this.tokens = tokens;
		this.developers = developers;
		this.writer = writer;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !path.startsWith(PREFIX) || path.equals(REGISTER) || path.equals(LOGIN)
				|| path.equals(PasswordResetController.RESET) || path.equals(PasswordResetController.CONFIRM);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null) {
			chain.doFilter(request, response);
			return;
		}
		String developerId;
		try {
			developerId = this.tokens.verify(BearerTokens.extract(header))
				.filter((verified) -> verified.isCurrent(this.developers))
				.map(DeveloperTokens.Verified::developerId)
				.orElse(null);
		}
		catch (RuntimeException ex) {
			// The revocation check needs the database; without it the answer is "retry",
			// not a 500 (this filter runs before MVC's exception handling).
			if (!DatabaseFailures.isUnavailable(ex)) {
				throw ex;
			}
			ApiException answer = DatabaseFailures.answer(ex);
			this.writer.write(response, answer.code(), answer.getMessage(), answer.retryAfterSeconds());
			return;
		}
		if (developerId == null) {
			this.writer.write(response, ErrorCode.UNAUTHORIZED,
					"The developer token is malformed, expired or revoked; log in again.", null);
			return;
		}
		Authentication authentication = UsernamePasswordAuthenticationToken.authenticated(developerId, null,
				AuthorityUtils.NO_AUTHORITIES);
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(authentication);
		this.contexts.setContext(context);
		chain.doFilter(request, response);
	}

}
