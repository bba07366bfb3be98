package dev.bondify.oidc;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ErrorAuthenticationFailureHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * The token endpoint's error answers: Spring Authorization Server's (400 with the OAuth
 * error) for every error but {@value #TEMPORARILY_UNAVAILABLE}, which the code
 * redemptions' writer raises when it is saturated or stopping: 503 with
 * {@code Retry-After: 1} and the same OAuth error body, so a client retries the request
 * (its code was not redeemed).
 */
final class TokenErrors implements AuthenticationFailureHandler {

	/** The error code (RFC 6749 section 4.1.2.1's) of a token request to retry. */
	static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

	private final AuthenticationFailureHandler others = new OAuth2ErrorAuthenticationFailureHandler();

	private final OAuth2ErrorHttpMessageConverter converter = new OAuth2ErrorHttpMessageConverter();

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, jakarta.servlet.ServletException {
		if (!(exception instanceof OAuth2AuthenticationException oauth)
				|| !TEMPORARILY_UNAVAILABLE.equals(oauth.getError().getErrorCode())) {
			this.others.onAuthenticationFailure(request, response, exception);
			return;
		}
		ServletServerHttpResponse answer = new ServletServerHttpResponse(response);
		answer.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		answer.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
		this.converter.write(oauth.getError(), null, answer);
	}

	/**
	 * The answer to a request of a client-authenticated endpoint (token, device
	 * authorization, introspection, revocation) that names no client at all: RFC 6749
	 * section 5.2's {@code invalid_client} with 401, OAuth's error body as api.md section
	 * 10 requires (a request that names a client and fails is answered by the library
	 * with the same error).
	 */
	static AuthenticationEntryPoint noClient() {
		OAuth2ErrorHttpMessageConverter converter = new OAuth2ErrorHttpMessageConverter();
		OAuth2Error error = new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT);
		return (request, response, exception) -> {
			ServletServerHttpResponse answer = new ServletServerHttpResponse(response);
			answer.setStatusCode(HttpStatus.UNAUTHORIZED);
			converter.write(error, null, answer);
		};
	}

}
