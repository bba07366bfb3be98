package dev.bondify.oidc;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationToken;

/**
 * Writes a {@code /userinfo} answer as Spring Authorization Server's endpoint does (the
 * claims as one JSON object in UTF-8), through one prepared writer instead of its generic
 * message-converter chain on every call.
 */
final class UserInfoResponses {

	/** What the endpoint answered with before (its converter's type, UTF-8 named). */
	static final String CONTENT_TYPE = MediaType.APPLICATION_JSON_VALUE + ";charset=UTF-8";

	private static final ObjectWriter CLAIMS = JsonMapper.builder().build().writerFor(Map.class);

	private UserInfoResponses() {
	}

	static void send(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		Map<String, Object> claims = ((OidcUserInfoAuthenticationToken) authentication).getUserInfo().getClaims();
		byte[] body = CLAIMS.writeValueAsBytes(claims);
		response.setContentType(CONTENT_TYPE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
