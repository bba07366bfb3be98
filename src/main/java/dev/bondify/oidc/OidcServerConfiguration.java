package dev.bondify.oidc;

import java.time.Clock;
import java.util.List;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationProvider;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

import dev.bondify.access.AdmissionOrder;
import dev.bondify.project.ProjectCache;
import dev.bondify.session.SessionService;
import dev.bondify.system.ChangeNotifications;
import dev.bondify.system.PublicUrl;

/**
 * The OpenID Connect provider's security chain, first of all chains and only for its own
 * paths ({@code /oauth2/**}, {@code /.well-known/**}, {@code /userinfo},
 * {@code /connect/**} and the sign-in page's {@code /oidc/**}): Spring Authorization
 * Server with projects as clients, no HTTP session (several instances, no provider-side
 * login), and an unauthenticated authorization request answered by the sign-in page.
 */
@Configuration(proxyBeanMethods = false)
class OidcServerConfiguration {

	/** The grants every client may use (the code flow needs redirect URIs too). */
	static final String[] GRANT_TYPES = { AuthorizationGrantType.AUTHORIZATION_CODE.getValue(),
			AuthorizationGrantType.DEVICE_CODE.getValue() };

	/**
	 * The only client authentications accepted: the project's secret key (both ways) or,
	 * for public clients, none.
	 */
	static final String[] CLIENT_AUTHENTICATION = { ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue(),
			ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue(), ClientAuthenticationMethod.NONE.getValue() };

	@Bean
	@Order(AdmissionOrder.OIDC_CHAIN)
	SecurityFilterChain oidcSecurityFilterChain(HttpSecurity http, ProjectClients clients,
			OAuth2AuthorizationService authorizations, JWKSource<SecurityContext> jwkSource, TelegramClaims claims,
			SignInEntryPoint signInPage, SignIns signIns, Clock clock, AuthorizationResponses responses,
			DeviceAuthorizations deviceAuthorizations, DeviceGrants deviceGrants, SessionService sessions,
			ProjectCache projects, TransactionTemplate transactions, OidcProperties properties,
			ChangeNotifications notifications, JwtEncoder tokenEncoder) throws Exception {
		JwtDecoder accessTokens = VerifiedAccessTokens.of(jwkSource, clock, properties.accessTokenTtl());
		OAuth2AuthorizationService served = new ActiveAccessTokens(authorizations, clients, notifications,
				properties.accessTokenTtl());
		JwtGenerator tokens = new JwtGenerator(tokenEncoder);
		tokens.setJwtCustomizer(claims);
		tokens.setClock(clock);
		DeviceCodeGrant deviceCodes = new DeviceCodeGrant(authorizations, deviceGrants, sessions, projects, tokens,
				transactions, clock);
		AuthorizationServerSettings endpoints = AuthorizationServerSettings.builder().build();
		CodeGrantRoute codeGrants = new CodeGrantRoute();
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		http.securityMatcher(new OrRequestMatcher(paths.matcher("/oauth2/**"), paths.matcher("/.well-known/**"),
				paths.matcher("/userinfo"), paths.matcher("/connect/**"), paths.matcher("/oidc/**")))
			.oauth2AuthorizationServer((server) -> server.registeredClientRepository(clients)
				.authorizationService(served)
				.tokenGenerator(tokens)
				.clientAuthentication((authentication) -> authentication
					.authenticationConverters((converters) -> converters.add(new PublicDeviceClients.Converter(
							endpoints.getDeviceAuthorizationEndpoint(), endpoints.getTokenEndpoint())))
					.authenticationProviders((providers) -> {
						providers.forEach((provider) -> {
							if (provider instanceof ClientSecretAuthenticationProvider secrets) {
								secrets.setPasswordEncoder(new SecretKeyHashEncoder());
								codeGrants.use(secrets);
							}
						});
						providers.add(0, new PublicDeviceClients.Provider(clients));
					}))
				.deviceAuthorizationEndpoint((device) -> device.verificationUri(DeviceAuthorizations.VERIFICATION_PAGE)
					.deviceAuthorizationResponseHandler(deviceAuthorizations::success)
					.authenticationProviders((providers) -> {
						providers.removeIf((
								provider) -> provider instanceof OAuth2DeviceAuthorizationRequestAuthenticationProvider);
						providers.add(0, new DeviceAuthorizationRequests(authorizations, clock));
					}))
				.tokenEndpoint((token) -> token.errorResponseHandler(new TokenErrors())
					.authenticationProviders((providers) -> {
						providers.removeIf((provider) -> provider instanceof OAuth2DeviceCodeAuthenticationProvider);
						providers.add(0, deviceCodes);
						providers.forEach((provider) -> {
							if (provider instanceof OAuth2AuthorizationCodeAuthenticationProvider grants) {
								codeGrants.use(grants);
							}
						});
					}))
				.authorizationEndpoint((endpoint) -> endpoint.authorizationResponseHandler(responses::success)
					.errorResponseHandler(responses::failure)
					.authenticationProviders((providers) -> providers.forEach((provider) -> {
						if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider requests) {
							requests
								.setAuthenticationValidator(new OAuth2AuthorizationCodeRequestAuthenticationValidator()
									.andThen(ExactRedirectUris::require)
									.andThen(OidcServerConfiguration::requireOpenIdScope));
						}
					})))
				.authorizationServerMetadataEndpoint((metadata) -> metadata
					.authorizationServerMetadataCustomizer((builder) -> builder
						.grantTypes((types) -> retainOnly(types, GRANT_TYPES))
						.tokenEndpointAuthenticationMethods((methods) -> retainOnly(methods, CLIENT_AUTHENTICATION))
						.tokenRevocationEndpointAuthenticationMethods(
								(methods) -> retainOnly(methods, CLIENT_AUTHENTICATION))
						.tokenIntrospectionEndpointAuthenticationMethods(
								(methods) -> retainOnly(methods, CLIENT_AUTHENTICATION))
						.scopes((scopes) -> retainOnly(scopes, OidcScopes.OPENID, OidcScopes.PROFILE, OidcScopes.PHONE))
						.claim("authorization_response_iss_parameter_supported", true)))
				.oidc((oidc) -> oidc
					.providerConfigurationEndpoint((config) -> config
						.providerConfigurationCustomizer((builder) -> builder
							.grantTypes((types) -> retainOnly(types, GRANT_TYPES))
							.tokenEndpointAuthenticationMethods((methods) -> retainOnly(methods, CLIENT_AUTHENTICATION))
							.tokenRevocationEndpointAuthenticationMethods(
									(methods) -> retainOnly(methods, CLIENT_AUTHENTICATION))
							.tokenIntrospectionEndpointAuthenticationMethods(
									(methods) -> retainOnly(methods, CLIENT_AUTHENTICATION))
							.subjectTypes((types) -> retainOnly(types, "pairwise"))
							.idTokenSigningAlgorithms(
									(algorithms) -> retainOnly(algorithms, SignatureAlgorithm.ES256.getName()))
							.scopes((scopes) -> retainOnly(scopes, OidcScopes.OPENID, OidcScopes.PROFILE,
									OidcScopes.PHONE))
							.claim("claims_supported", TelegramClaims.SUPPORTED)
							.claim("authorization_response_iss_parameter_supported", true)))
					.userInfoEndpoint((userInfo) -> userInfo.userInfoMapper(claims::userInfo)
						.userInfoResponseHandler(UserInfoResponses::send))))
			.oauth2ResourceServer((resourceServer) -> resourceServer.bearerTokenResolver(new StrictBearerTokens())
				.jwt((jwt) -> jwt.decoder(accessTokens)))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.csrf((csrf) -> csrf.ignoringRequestMatchers(paths.matcher("/oidc/**")))
			.addFilterAfter(new TicketFilter(signIns, clock), SecurityContextHolderFilter.class)
			// After the authorization server's context filter, before its client
			// authentication filter (placed right after this class's position).
			.addFilterBefore(codeGrants, AbstractPreAuthenticatedProcessingFilter.class)
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/oidc/**").permitAll().anyRequest().authenticated())
			.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(signInPage, paths.matcher("/oauth2/authorize"))
				.defaultAuthenticationEntryPointFor(TokenErrors.noClient(),
						new OrRequestMatcher(paths.matcher("/oauth2/token"),
								paths.matcher("/oauth2/device_authorization"), paths.matcher("/oauth2/introspect"),
								paths.matcher("/oauth2/revoke"))));
		return http.build();
	}

	/**
	 * api.md section 10: {@code openid} is required (an OpenID Connect request also needs
	 * its {@code redirect_uri}, which the default validator checked before this runs).
	 */
	private static void requireOpenIdScope(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		if (!request.getScopes().contains(OidcScopes.OPENID)) {
			throw new OAuth2AuthorizationCodeRequestAuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE, "The openid scope is required.", null), request);
		}
	}

	@Bean
	OAuth2AuthorizationService oauth2AuthorizationService(JdbcTemplate jdbc, ProjectClients clients) {
		return new HashedAuthorizationService(jdbc, clients);
	}

	/**
	 * The issuer is {@code BONDIFY_PUBLIC_URL} when set, else each request's base URL.
	 */
	@Bean
	AuthorizationServerSettings authorizationServerSettings(PublicUrl publicUrl) {
		AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
		if (publicUrl.isSet()) {
			settings.issuer(publicUrl.value());
		}
		return settings.build();
	}

	private static void retainOnly(List<String> values, String... kept) {
		values.clear();
		values.addAll(List.of(kept));
	}

}
