package dev.bondify.oidc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;

/**
 * The token response of a code exchange as Spring Authorization Server's success handler
 * and message converter write it (RFC 6749 section 5.1): {@code access_token},
 * {@code token_type}, {@code expires_in} (counted as they count it), {@code scope}
 * (space-separated) and {@code id_token}, as {@code application/json;charset=UTF-8}. Any
 * other answer (a refresh token, another token type, other additional parameters) is
 * null: the library's handler writes it.
 */
final class TokenResponses {

	static final String CONTENT_TYPE = "application/json;charset=UTF-8";

	private TokenResponses() {
	}

	/**
	 * The response body, or null when the library's handler is to write it. The
	 * {@code expires_in} is counted as the library counts it: the token's lifetime
	 * (issued to expiry, at least a second) from the moment the response is built
	 * ({@code built}), in whole seconds from the moment it is written ({@code written}).
	 */
	static byte[] body(OAuth2AccessTokenAuthenticationToken answer, Instant built, Instant written) {
		OAuth2AccessToken access = answer.getAccessToken();
		Map<String, Object> additional = answer.getAdditionalParameters();
		if (answer.getRefreshToken() != null || !OAuth2AccessToken.TokenType.BEARER.equals(access.getTokenType())
				|| additional.size() > 1
				|| (additional.size() == 1 && !(additional.get(OidcParameterNames.ID_TOKEN) instanceof String))) {
			return null;
		}
		long lifetime = (access.getIssuedAt() != null && access.getExpiresAt() != null)
				? ChronoUnit.SECONDS.between(access.getIssuedAt(), access.getExpiresAt()) : 0;
		Instant expiresAt = built.plusSeconds((lifetime > 0) ? lifetime : 1);
		StringBuilder json = new StringBuilder(1200).append('{');
		member(json, OAuth2ParameterNames.ACCESS_TOKEN, access.getTokenValue());
		json.append(',');
		member(json, OAuth2ParameterNames.TOKEN_TYPE, access.getTokenType().getValue());
		json.append(",\"").append(OAuth2ParameterNames.EXPIRES_IN).append("\":");
		json.append(ChronoUnit.SECONDS.between(written, expiresAt));
		if (!access.getScopes().isEmpty()) {
			json.append(',');
			member(json, OAuth2ParameterNames.SCOPE, String.join(" ", access.getScopes()));
		}
		if (additional.get(OidcParameterNames.ID_TOKEN) instanceof String idToken) {
			json.append(',');
			member(json, OidcParameterNames.ID_TOKEN, idToken);
		}
		return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void member(StringBuilder json, String name, String value) {
		json.append('"').append(name).append("\":\"");
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c < 0x20 || c == '\u2028' || c == '\u2029') {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		json.append('"');
	}

}
