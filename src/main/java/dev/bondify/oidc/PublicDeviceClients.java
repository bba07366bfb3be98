package dev.bondify.oidc;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

import dev.bondify.access.BearerTokens;

/**
 * Public clients ({@code oidc_public} projects) in the device authorization grant: they
 * send only {@code client_id} (RFC 8628 section 3.1, RFC 6749 section 2.3), and there is
 * no PKCE to stand in for a secret, so the authorization server's own public-client
 * authentication (PKCE only) does not apply. A confidential client that sends no secret
 * is still refused ({@code invalid_client}).
 */
final class PublicDeviceClients {

	private PublicDeviceClients() {
	}

	/**
	 * A request of the device grant with a {@code client_id} and no client credentials of
	 * any kind.
	 */
	static final class Converter implements AuthenticationConverter {

		private final String deviceAuthorizationPath;

		private final String tokenPath;

		Converter(String deviceAuthorizationPath, String tokenPath) {
			this.deviceAuthorizationPath = deviceAuthorizationPath;
			this.tokenPath = tokenPath;
		}

		@Override
		public Authentication convert(HttpServletRequest request) {
			if (!"POST".equals(request.getMethod()) || BearerTokens.present(request)
					|| request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
					|| request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
				return null;
			}
			String path = request.getRequestURI().substring(request.getContextPath().length());
			boolean device = this.deviceAuthorizationPath.equals(path)
					|| (this.tokenPath.equals(path) && AuthorizationGrantType.DEVICE_CODE.getValue()
						.equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE)));
			if (!device) {
				return null;
			}
			String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
			if (clientIds == null || clientIds.length != 1 || clientIds[0].isBlank()) {
				throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
			}
			return new Token(clientIds[0]);
		}

	}

	/**
	 * Accepts the token of {@link Converter} for a client that authenticates with none.
	 */
	static final class Provider implements AuthenticationProvider {

		private final RegisteredClientRepository clients;

		Provider(RegisteredClientRepository clients) {
			this.clients = clients;
		}

		@Override
		public boolean supports(Class<?> authentication) {
			return Token.class.isAssignableFrom(authentication);
		}

		@Override
		public Authentication authenticate(Authentication authentication) {
			String clientId = (String) authentication.getPrincipal();
			RegisteredClient client = this.clients.findByClientId(clientId);
			if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
						"Client authentication failed: this client must authenticate.", null));
			}
			return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
		}

	}

	/** An unauthenticated device-grant client that presented only its id. */
	static final class Token extends OAuth2ClientAuthenticationToken {

		private static final long serialVersionUID = 1L;

		Token(String clientId) {
			super(clientId, ClientAuthenticationMethod.NONE, null, null);
		}

	}

}
