package dev.bondify.oidc;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;

/**
 * api.md section 10: a {@code redirect_uri} must be one of the project's, exactly. The
 * authorization server's own check follows RFC 8252 section 7.3 and lets any port through
 * for {@code 127.0.0.1} and {@code [::1]}; this one runs after it and accepts only the
 * registered string (so a native app registers the port it listens on). A refusal carries
 * no redirect URI, so the user gets the error page, never a redirect.
 */
final class ExactRedirectUris {

	private ExactRedirectUris() {
	}

	static void require(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		String requested = request.getRedirectUri();
		if (requested == null || context.getRegisteredClient().getRedirectUris().contains(requested)) {
			return;
		}
		OAuth2AuthorizationCodeRequestAuthenticationToken withoutRedirect = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				request.getAuthorizationUri(), request.getClientId(),
				(org.springframework.security.core.Authentication) request.getPrincipal(), null, request.getState(),
				request.getScopes(), request.getAdditionalParameters());
		throw new OAuth2AuthorizationCodeRequestAuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
						"OAuth 2.0 Parameter: " + OAuth2ParameterNames.REDIRECT_URI, null),
				withoutRedirect);
	}

}
