package dev.bondify.oidc;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.bondify.project.Project;
import dev.bondify.project.ProjectCache;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An authorization row read by access token is parsed once per content (a code's row,
 * spent by its request, is parsed and not kept), never answered from an older content: a
 * revoked token, a redeemed code and a paused client are seen at once; the clients built
 * from projects follow every change of the project.
 */
class ParsedAuthorizationsIntegrationTest extends IntegrationTest {

	private static final String REDIRECT = "http://127.0.0.1:9/login/oauth2/code/bondify";

	private static final OAuth2TokenType CODE = new OAuth2TokenType("code");

	@Autowired
	private ProjectClients clients;

	@Autowired
	private ProjectCache projectCache;

	private final AtomicInteger parses = new AtomicInteger();

	private ParsedAuthorizations rows;

	private HashedAuthorizationService authorizations;

	private OidcFlows flows;

	private Project project;

	@BeforeEach
	void setUp() {
		this.flows = new OidcFlows(this.api);
		this.project = this.projects.sandbox();
		this.jdbc.update("update projects set redirect_uris = ?::text[] where id = ?", "{" + REDIRECT + "}",
				this.project.getId());
		this.projectCache.changed("p" + this.project.getId());
		RowMapper<OAuth2Authorization> parser = new AuthorizationRows(this.clients);
		this.rows = new ParsedAuthorizations((row, number) -> {
			this.parses.incrementAndGet();
			return parser.mapRow(row, number);
		}, this.clients);
		this.authorizations = new HashedAuthorizationService(this.jdbc, this.clients, this.rows);
	}

	@Test
	void aCodeRowIsNotKeptAndItsRedemptionIsSeenAtOnce() {
		String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
		String code = code(verifier);

		OAuth2Authorization first = this.authorizations.findByToken(code, CODE);
		OAuth2Authorization second = this.authorizations.findByToken(code, CODE);

		assertThat(first).isNotNull();
		assertThat(second.getId()).isEqualTo(first.getId());
		assertThat(second.getAttributes()).isEqualTo(first.getAttributes());
		// Two lookups outside a request: each parses the row, and the memo keeps neither
		// (a code is spent by the request that reads it).
		assertThat(this.parses).hasValue(2);
		assertThat(this.rows.size()).isZero();
		assertThat(first.getAccessToken()).isNull();

		// The exchange goes through the application's own service, not this test's.
		Response tokens = exchange(code, verifier);
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);

		// The redeemed row is read afresh: the code invalidated, the tokens there.
		OAuth2Authorization redeemed = this.authorizations.findByToken(code, CODE);
		assertThat(this.parses).hasValue(3);
		assertThat(redeemed.getToken(OAuth2AuthorizationCode.class).isInvalidated()).isTrue();
		assertThat(redeemed.getAccessToken().isActive()).isTrue();
		// The attributes were left as stored, and are still all there.
		assertThat(redeemed.<Object>getAttribute(Principal.class.getName())).isNotNull();
		OAuth2AuthorizationRequest request = first.getAttribute(OAuth2AuthorizationRequest.class.getName());
		OAuth2AuthorizationRequest stored = redeemed.getAttribute(OAuth2AuthorizationRequest.class.getName());
		assertThat(stored.getState()).isEqualTo(request.getState()).isNotBlank();
		assertThat(stored.getAdditionalParameters()).isEqualTo(request.getAdditionalParameters());
		assertThat(exchange(code, verifier).status()).isEqualTo(400);
	}

	@Test
	void aRedemptionThatChangesTheAttributesWritesThemAndOnlyOnce() {
		String code = code(UUID.randomUUID() + "-" + UUID.randomUUID());
		OAuth2Authorization found = this.authorizations.findByToken(code, CODE);
		Instant now = this.clock.instant();
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "at-" + UUID.randomUUID(),
				now, now.plusSeconds(600), found.getAuthorizedScopes());
		OAuth2Authorization redeemed = OAuth2Authorization.from(found)
			.attribute("added_by_the_grant", "kept")
			.token(token)
			.invalidate(found.getToken(OAuth2AuthorizationCode.class).getToken())
			.build();
		// The grant's usual copy has the stored attributes; this one does not.
		assertThat(this.rows.hasStoredAttributes(OAuth2Authorization.from(found).token(token).build())).isTrue();
		assertThat(this.rows.hasStoredAttributes(redeemed)).isFalse();

		this.authorizations.save(redeemed);
		// The redemption forgot the attributes it checked: they do not outlive it.
		assertThat(this.rows.hasStoredAttributes(OAuth2Authorization.from(found).token(token).build())).isFalse();

		OAuth2Authorization stored = this.authorizations.findByToken(code, CODE);
		assertThat(stored.<String>getAttribute("added_by_the_grant")).isEqualTo("kept");
		assertThat(stored.<Object>getAttribute(Principal.class.getName())).isNotNull();
		assertThat(stored.getToken(OAuth2AuthorizationCode.class).isInvalidated()).isTrue();
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.authorizations.save(redeemed));
	}

	@Test
	void aRevokedAccessTokenIsSeenAtOnceThoughItsRowWasParsedBefore() {
		String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
		String accessToken = exchange(code(verifier), verifier).json().get("access_token").asString();
		assertThat(
				this.authorizations.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN).getAccessToken().isActive())
			.isTrue();
		assertThat(
				this.authorizations.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN).getAccessToken().isActive())
			.isTrue();
		assertThat(this.parses).hasValue(1);

		Response revoked = this.flows.form("/oauth2/revoke", Map.of("token", accessToken), "Authorization",
				OidcFlows.basic(this.project.getId(), this.project.getSecretKey()));
		assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);

		OAuth2Authorization.Token<OAuth2AccessToken> after = this.authorizations
			.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN)
			.getAccessToken();
		assertThat(after.isInvalidated()).isTrue();
		assertThat(after.isActive()).isFalse();
		assertThat(this.api.get("/userinfo", "Authorization", "Bearer " + accessToken).status()).isEqualTo(401);
	}

	@Test
	void aPausedClientsAuthorizationIsNoAuthorizationThoughItsRowWasParsed() {
		String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
		String accessToken = exchange(code(verifier), verifier).json().get("access_token").asString();
		assertThat(this.api.get("/userinfo", "Authorization", "Bearer " + accessToken).status()).isEqualTo(200);
		assertThat(this.authorizations.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN)).isNotNull();

		this.jdbc.update("update projects set is_active = false where id = ?", this.project.getId());
		this.projectCache.changed("p" + this.project.getId());

		assertThat(this.authorizations.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN)).isNull();
		assertThat(this.parses).hasValue(1);
		assertThat(this.api.get("/userinfo", "Authorization", "Bearer " + accessToken).status()).isEqualTo(401);
	}

	@Test
	void aClientIsBuiltOnceAndRebuiltWhenItsProjectChanges() {
		RegisteredClient first = this.clients.findByClientId(this.project.getId());
		assertThat(this.clients.findByClientId(this.project.getId())).isSameAs(first);
		assertThat(first.getRedirectUris()).containsExactly(REDIRECT);

		String other = "http://127.0.0.1:9/other";
		this.jdbc.update("update projects set redirect_uris = ?::text[], oidc_public = true where id = ?",
				"{" + other + "}", this.project.getId());
		this.projectCache.changed("p" + this.project.getId());

		RegisteredClient changed = this.clients.findByClientId(this.project.getId());
		assertThat(changed.getRedirectUris()).containsExactly(other);
		assertThat(changed.getClientSettings().isRequireProofKey()).isTrue();
		assertThat(changed.getClientSecret()).isNull();
	}

	private String code(String verifier) {
		URI back = this.flows.signIn(OidcFlows.query(OidcFlows.request(this.project.getId(), REDIRECT, verifier)), "42",
				"Parsed Once", "");
		return OidcFlows.parameters(back).get("code");
	}

	private Response exchange(String code, String verifier) {
		return this.flows.token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
				"code_verifier", verifier), "Authorization",
				OidcFlows.basic(this.project.getId(), this.project.getSecretKey()));
	}

}
