package dev.bondify.oidc;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bondify.project.Project;
import dev.bondify.project.ProjectCache;
import dev.bondify.session.Caller;
import dev.bondify.session.SessionService;
import dev.bondify.session.VerifyResponse;
import dev.bondify.system.ApiException;

/**
 * The device access token request (RFC 8628 section 3.4), in place of the authorization
 * server's own provider (which issues no id token and knows no {@code slow_down}): the
 * device code's session answers {@code authorization_pending} (or {@code slow_down} when
 * polled sooner than the interval), {@code access_denied} once cancelled,
 * {@code expired_token} once expired, and once confirmed an access token and an ES256 id
 * token with the code flow's claims, exactly once per device code.
 */
class DeviceCodeGrant implements AuthenticationProvider {

	static final OAuth2TokenType DEVICE_CODE = new OAuth2TokenType(OAuth2ParameterNames.DEVICE_CODE);

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc8628#section-3.5";

	private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);

	private final OAuth2AuthorizationService authorizations;

	private final DeviceGrants grants;

	private final SessionService sessions;

	private final ProjectCache projects;

	private final JwtGenerator tokens;

	private final TransactionTemplate transactions;

	private final Clock clock;

	DeviceCodeGrant(OAuth2AuthorizationService authorizations, DeviceGrants grants, SessionService sessions,
			ProjectCache projects, JwtGenerator tokens, TransactionTemplate transactions, Clock clock) {
		this.authorizations = authorizations;
		this.grants = grants;
		this.sessions = sessions;
		this.projects = projects;
		this.tokens = tokens;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2DeviceCodeAuthenticationToken.class.isAssignableFrom(authentication);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2DeviceCodeAuthenticationToken request = (OAuth2DeviceCodeAuthenticationToken) authentication;
		if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken clientPrincipal)
				|| !clientPrincipal.isAuthenticated() || clientPrincipal.getRegisteredClient() == null) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
		}
		RegisteredClient client = clientPrincipal.getRegisteredClient();
		String deviceCode = request.getDeviceCode();
		OAuth2Authorization authorization = (deviceCode != null && deviceCode.length() <= 128)
				? this.authorizations.findByToken(deviceCode, DEVICE_CODE) : null;
		// Another client's code changes nothing and says nothing about it.
		if (authorization == null || !client.getId().equals(authorization.getRegisteredClientId())
				|| authorization.getToken(OAuth2DeviceCode.class) == null) {
			throw error(OAuth2ErrorCodes.INVALID_GRANT);
		}
		Instant now = this.clock.instant();
		DeviceGrants.Poll poll = this.grants.poll(deviceCode, now)
			.filter(found -> found.clientId().equals(client.getClientId()))
			.orElseThrow(() -> error(OAuth2ErrorCodes.INVALID_GRANT));
		if (poll.redeemed()) {
			throw error(OAuth2ErrorCodes.INVALID_GRANT);
		}
		Instant expiresAt = authorization.getToken(OAuth2DeviceCode.class).getToken().getExpiresAt();
		if (expiresAt != null && !now.isBefore(expiresAt)) {
			throw error("expired_token");
		}
		Project project = this.projects.find(client.getClientId())
			.orElseThrow(() -> error(OAuth2ErrorCodes.INVALID_GRANT));
		VerifyResponse answer;
		try {
			answer = this.sessions.verify(project.getId(), poll.sessionToken(),
					new Caller.ProjectServer(project.getId()));
		}
		catch (ApiException ex) {
			throw error(OAuth2ErrorCodes.INVALID_GRANT);
		}
		return switch (answer) {
			case VerifyResponse.Confirmed confirmed -> issue(request, clientPrincipal, authorization, poll, now);
			case VerifyResponse.Cancelled cancelled -> throw error(OAuth2ErrorCodes.ACCESS_DENIED);
			case VerifyResponse.Simple simple -> throw switch (simple.status()) {
				case "pending" -> error(poll.tooFast() ? "slow_down" : "authorization_pending");
				case "expired" -> error("expired_token");
				default -> error(OAuth2ErrorCodes.INVALID_GRANT);
			};
		};
	}

	/**
	 * Redeems the device code and stores the tokens in one transaction: a concurrent poll
	 * of the same code (on any instance) finds it redeemed.
	 */
	private Authentication issue(OAuth2DeviceCodeAuthenticationToken request,
			OAuth2ClientAuthenticationToken clientPrincipal, OAuth2Authorization authorization, DeviceGrants.Poll poll,
			Instant now) {
		RegisteredClient client = clientPrincipal.getRegisteredClient();
		Instant confirmedAt = this.sessions.findById(poll.sessionId())
			.map((session) -> session.confirmedAt())
			.orElseThrow(() -> error(OAuth2ErrorCodes.INVALID_GRANT));
		Authentication user = UsernamePasswordAuthenticationToken.authenticated(poll.sessionId().toString(), null,
				List.of(FactorGrantedAuthority.withFactor("TELEGRAM").issuedAt(confirmedAt).build()));
		Set<String> scopes = requestedScopes(authorization);
		OAuth2Authorization.Builder stored = OAuth2Authorization.from(authorization)
			.principalName(user.getName())
			.authorizedScopes(scopes)
			.invalidate(authorization.getToken(OAuth2DeviceCode.class).getToken());
		DefaultOAuth2TokenContext.Builder context = DefaultOAuth2TokenContext.builder()
			.registeredClient(client)
			.principal(user)
			.authorizationServerContext(AuthorizationServerContextHolder.getContext())
			.authorization(authorization)
			.authorizedScopes(scopes)
			.authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
			.authorizationGrant(request);
		Jwt access = generate(context.tokenType(OAuth2TokenType.ACCESS_TOKEN).build());
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
				access.getTokenValue(), access.getIssuedAt(), access.getExpiresAt(), scopes);
		stored.token(accessToken,
				(metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, access.getClaims()));
		Jwt id = generate(context.tokenType(ID_TOKEN).build());
		OidcIdToken idToken = new OidcIdToken(id.getTokenValue(), id.getIssuedAt(), id.getExpiresAt(), id.getClaims());
		stored.token(idToken,
				(metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, idToken.getClaims()));
		OAuth2Authorization issued = stored.build();
		this.transactions.executeWithoutResult((status) -> {
			if (!this.grants.redeem(request.getDeviceCode(), now)) {
				throw error(OAuth2ErrorCodes.INVALID_GRANT);
			}
			this.authorizations.save(issued);
		});
		return new OAuth2AccessTokenAuthenticationToken(client, clientPrincipal, accessToken, null,
				Map.of(OidcParameterNames.ID_TOKEN, idToken.getTokenValue()));
	}

	private Jwt generate(org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext context) {
		return Optional.ofNullable(this.tokens.generate(context))
			.orElseThrow(() -> error(OAuth2ErrorCodes.SERVER_ERROR));
	}

	private static Set<String> requestedScopes(OAuth2Authorization authorization) {
		Object requested = authorization.getAttribute(OAuth2ParameterNames.SCOPE);
		Set<String> scopes = new LinkedHashSet<>();
		if (requested instanceof Collection<?> values) {
			values.forEach((value) -> scopes.add(String.valueOf(value)));
		}
		scopes.retainAll(ProjectClients.SCOPES);
		return scopes;
	}

	private static OAuth2AuthenticationException error(String code) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, null, ERROR_URI));
	}

}
