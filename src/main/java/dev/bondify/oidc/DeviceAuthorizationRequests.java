package dev.bondify.oidc;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.bondify.session.UserCodes;
import dev.bondify.system.RandomTokens;

/**
 * The device authorization request (RFC 8628 section 3.1), in place of the authorization
 * server's own provider, which refuses {@code openid} (it issues no id token): the client
 * must be allowed the grant, its scopes must be its own and include {@code openid}
 * (api.md section 10), and the authorization is stored with a 256-bit device code and a
 * user code (both hashed at rest by {@link HashedAuthorizationService}) that live as long
 * as a session.
 */
class DeviceAuthorizationRequests implements AuthenticationProvider {

	private final OAuth2AuthorizationService authorizations;

	private final Clock clock;

	DeviceAuthorizationRequests(OAuth2AuthorizationService authorizations, Clock clock) {
		this.authorizations = authorizations;
		this.clock = clock;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2DeviceAuthorizationRequestAuthenticationToken.class.isAssignableFrom(authentication);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2DeviceAuthorizationRequestAuthenticationToken request = (OAuth2DeviceAuthorizationRequestAuthenticationToken) authentication;
		if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken clientPrincipal)
				|| !clientPrincipal.isAuthenticated() || clientPrincipal.getRegisteredClient() == null) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
		}
		RegisteredClient client = clientPrincipal.getRegisteredClient();
		if (!client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.DEVICE_CODE)) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT);
		}
		Set<String> scopes = new LinkedHashSet<>(request.getScopes());
		if (!client.getScopes().containsAll(scopes)) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE,
					"OAuth 2.0 Parameter: " + OAuth2ParameterNames.SCOPE, null));
		}
		if (!scopes.contains(OidcScopes.OPENID)) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE, "The openid scope is required.", null));
		}
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(client.getTokenSettings().getDeviceCodeTimeToLive());
		OAuth2DeviceCode deviceCode = new OAuth2DeviceCode(RandomTokens.base64Url256(""), now, expiresAt);
		OAuth2UserCode userCode = new OAuth2UserCode(UserCodes.newCode(), now, expiresAt);
		this.authorizations.save(OAuth2Authorization.withRegisteredClient(client)
			.principalName(client.getClientId())
			.authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
			.token(deviceCode)
			.token(userCode)
			.attribute(OAuth2ParameterNames.SCOPE, scopes)
			.build());
		return new OAuth2DeviceAuthorizationRequestAuthenticationToken(clientPrincipal, scopes, deviceCode, userCode);
	}

}
