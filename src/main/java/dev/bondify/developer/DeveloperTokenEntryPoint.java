package dev.bondify.developer;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.ErrorResponseWriter;

/**
 * How the developer chain's resource server answers a token it refuses: 401
 * {@code UNAUTHORIZED} JSON (no {@code WWW-Authenticate} challenge, as before), or the
 * 503 of the contract when the revocation check could not reach the database.
 */
class DeveloperTokenEntryPoint implements AuthenticationEntryPoint {

	private final ErrorResponseWriter writer;

	DeveloperTokenEntryPoint(ErrorResponseWriter writer) {
		this.writer = writer;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		if (ex instanceof DeveloperTokenAuthentication.CheckUnavailable unavailable) {
			ApiException answer = unavailable.answer();
			this.writer.write(response, answer.code(), answer.getMessage(), answer.retryAfterSeconds());
			return;
		}
		if (ex instanceof OAuth2AuthenticationException) {
			this.writer.write(response, ErrorCode.UNAUTHORIZED, DeveloperTokenAuthentication.INVALID, null);
			return;
		}
		this.writer.write(response, ErrorCode.UNAUTHORIZED);
	}

}
