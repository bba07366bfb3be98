package dev.bondify.oidc;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;

import dev.bondify.project.Project;
import dev.bondify.project.ProjectCache;
import dev.bondify.session.SessionProperties;

/**
 * Every live project as an OpenID Connect client, read from the project cache (no second
 * copy of client data): {@code client_id} = project id, the secret key (as its SHA-256)
 * for confidential clients, PKCE alone for {@code oidc_public} ones (and nothing but
 * their id in the device grant). Every project may use the device grant; only one with
 * redirect URIs the code flow. A paused project is no client at all. A token request asks
 * for its client several times: the built client is kept by the project's fields it is
 * built from, so a changed project is a different key and never answered from before.
 */
@Component
class ProjectClients implements RegisteredClientRepository {

	static final Set<String> SCOPES = Set.of(OidcScopes.OPENID, OidcScopes.PROFILE, OidcScopes.PHONE);

	private final ProjectCache projects;

	private final OidcProperties properties;

	private final Duration sessionTtl;

	private final Cache<Shape, RegisteredClient> built = Caffeine.newBuilder().maximumSize(1_000).build();

	ProjectClients(ProjectCache projects, OidcProperties properties, SessionProperties sessions) {
		this.projects = projects;
		this.properties = properties;
		this.sessionTtl = sessions.ttl();
	}

	@Override
	public void save(RegisteredClient registeredClient) {
		throw new UnsupportedOperationException("Clients are projects: change them through the developer API");
	}

	@Override
	public RegisteredClient findById(String id) {
		return findByClientId(id);
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		if (clientId == null || !clientId.startsWith(Project.ID_PREFIX) || clientId.length() > 64) {
			return null;
		}
		// Without redirect URIs a project cannot be sent a code: it is a client of the
		// device grant only.
		return this.projects.find(clientId)
			.filter(Project::isActive)
			.map((project) -> this.built.get(Shape.of(project), (shape) -> client(project)))
			.orElse(null);
	}

	private RegisteredClient client(Project project) {
		RegisteredClient.Builder client = RegisteredClient.withId(project.getId())
			.clientId(project.getId())
			.clientName(project.getName())
			.clientIdIssuedAt(project.getCreatedAt())
			.authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
			.scopes(scopes -> scopes.addAll(SCOPES))
			.clientSettings(ClientSettings.builder()
				.requireProofKey(project.isOidcPublic())
				.requireAuthorizationConsent(false)
				.build())
			.tokenSettings(TokenSettings.builder()
				.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
				.accessTokenTimeToLive(this.properties.accessTokenTtl())
				.authorizationCodeTimeToLive(this.properties.codeTtl())
				// A device code lives as long as the session that answers it.
				.deviceCodeTimeToLive(this.sessionTtl)
				.idTokenSignatureAlgorithm(SignatureAlgorithm.ES256)
				.reuseRefreshTokens(false)
				.build());
		if (!project.getRedirectUris().isEmpty()) {
			client.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.redirectUris(uris -> uris.addAll(project.getRedirectUris()));
		}
		if (project.isOidcPublic()) {
			client.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
		}
		else {
			client.clientSecret(SecretKeyHashEncoder.encodeHash(project.getSecretKeyHash()))
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
		}
		return client.build();
	}

	/** Every field of a project that its client is built from. */
	private record Shape(String id, String name, Instant createdAt, boolean oidcPublic, List<String> redirectUris,
			ByteBuffer secretKeyHash) {

		static Shape of(Project project) {
			byte[] hash = project.getSecretKeyHash();
			return new Shape(project.getId(), project.getName(), project.getCreatedAt(), project.isOidcPublic(),
					List.copyOf(project.getRedirectUris()), (hash != null) ? ByteBuffer.wrap(hash.clone()) : null);
		}

	}

}
