package dev.bondify.oidc;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.nimbusds.jwt.SignedJWT;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import dev.bondify.project.Project;
import dev.bondify.signing.SigningKeys;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.FreezingProxy;
import dev.bondify.support.IntegrationTest;
import dev.bondify.system.ChangeNotifications;
import dev.bondify.system.TestChangeNotifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The access-token lookup {@code /userinfo} makes is answered from memory while the
 * change link vouches for it, and never past what the issue allows: a revocation or a
 * delete made elsewhere (heard only through the database's notification) within a second,
 * a paused project, an expired token and a token of a key no longer published at once,
 * and with a frozen link every lookup reads the database again within a second.
 */
class ActiveAccessTokensIntegrationTest extends IntegrationTest {

	private static final String REDIRECT = "http://127.0.0.1:9/login/oauth2/code/bondify";

	private static final Duration BOUND = Duration.ofSeconds(1);

	@Autowired
	private OAuth2AuthorizationService authorizations;

	@Autowired
	private ProjectClients clients;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private SigningKeys signingKeys;

	@Autowired
	private OidcProperties properties;

	private final AtomicInteger reads = new AtomicInteger();

	private OidcFlows flows;

	private Project project;

	private FreezingProxy proxy;

	private HikariDataSource linkPool;

	private ChangeNotifications link;

	@BeforeEach
	void setUp() {
		this.flows = new OidcFlows(this.api);
		this.project = this.projects.sandbox();
		this.jdbc.update("update projects set redirect_uris = ?::text[] where id = ?", "{" + REDIRECT + "}",
				this.project.getId());
	}

	@AfterEach
	void stop() throws IOException {
		if (this.link != null) {
			this.link.stop();
		}
		if (this.proxy != null) {
			this.proxy.close();
		}
		if (this.linkPool != null) {
			this.linkPool.close();
		}
	}

	@Test
	void aTokenIsReadOnceThenAnsweredFromMemoryUntilARevocationElsewhereIsHeard() {
		ActiveAccessTokens memo = memo(this.dataSource);
		String accessToken = accessToken();

		OAuth2Authorization first = memo.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN);
		for (int i = 0; i < 20; i++) {
			OAuth2Authorization again = memo.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN);
			assertThat(again.getId()).isEqualTo(first.getId());
			assertThat(again.getAccessToken().isActive()).isTrue();
		}
		assertThat(this.reads).as("database reads for 21 lookups of one token on a live link").hasValue(1);

		// Revoked through the application: for this memory (a link of its own) that is
		// another instance, heard of only through the database's notification.
		revoke(accessToken);
		long revokedAt = System.nanoTime();
		await().atMost(Duration.ofSeconds(3))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> memo.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN).getAccessToken().isInvalidated());
		assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).as("a revoked token answered as active")
			.isLessThan(BOUND);
		assertThat(this.reads).hasValue(2);
		assertThat(this.api.get("/userinfo", "Authorization", "Bearer " + accessToken).status()).isEqualTo(401);
	}

	@Test
	void aDeletedAuthorizationIsForgottenAndAnExpiredOneIsNotAnnounced() {
		ActiveAccessTokens memo = memo(this.dataSource);
		String accessToken = accessToken();
		String id = memo.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN).getId();
		assertThat(memo.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN)).isNotNull();
		assertThat(this.reads).hasValue(1);

		this.jdbc.update("delete from oauth2_authorization where id = ?", id);
		long deletedAt = System.nanoTime();
		await().atMost(Duration.ofSeconds(3))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> memo.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN) == null);
		assertThat(Duration.ofNanos(System.nanoTime() - deletedAt)).isLessThan(BOUND);
		assertThat(memo.size()).isZero();
	}

	@Test
	void aPausedOrDeletedProjectsTokenIsRefusedAtOnceThoughItsAuthorizationIsKept() {
		ActiveAccessTokens memo = memo(this.dataSource);
		String accessToken = accessToken();
		assertThat(memo.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN)).isNotNull();
		assertThat(this.api.get("/userinfo", "Authorization", "Bearer " + accessToken).status()).isEqualTo(200);
		assertThat(this.api.get("/userinfo", "Authorization", "Bearer " + accessToken).status()).isEqualTo(200);

		// The projects trigger announces the pause; the client is asked on every lookup.
		this.jdbc.update("update projects set is_active = false where id = ?", this.project.getId());
		await().atMost(BOUND)
			.pollInterval(Duration.ofMillis(5))
			.until(() -> memo.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN) == null);
		await().atMost(BOUND)
			.pollInterval(Duration.ofMillis(5))
			.until(() -> this.api.get("/userinfo", "Authorization", "Bearer " + accessToken).status() == 401);

		this.jdbc.update("update projects set is_active = true where id = ?", this.project.getId());
		await().atMost(BOUND)
			.pollInterval(Duration.ofMillis(5))
			.until(() -> this.api.get("/userinfo", "Authorization", "Bearer " + accessToken).status() == 200);
		this.jdbc.update("delete from projects where id = ?", this.project.getId());
		await().atMost(BOUND)
			.pollInterval(Duration.ofMillis(5))
			.until(() -> this.api.get("/userinfo", "Authorization", "Bearer " + accessToken).status() == 401);
		assertThat(memo.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN)).isNull();
	}

	@Test
	void anExpiredTokenIsRefusedThoughItWasAnsweredFromMemory() {
		String accessToken = accessToken();
		assertThat(this.api.get("/userinfo", "Authorization", "Bearer " + accessToken).status()).isEqualTo(200);
		assertThat(this.api.get("/userinfo", "Authorization", "Bearer " + accessToken).status()).isEqualTo(200);

		// Past the lifetime and the validator's minute of leeway.
		this.clock.advance(this.properties.accessTokenTtl().plusSeconds(61));

		Response refused = this.api.get("/userinfo", "Authorization", "Bearer " + accessToken);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
	}

	@Test
	void aTokenOfAKeyNoLongerPublishedIsRefusedThoughItWasAnsweredFromMemory() throws Exception {
		String accessToken = accessToken();
		assertThat(this.api.get("/userinfo", "Authorization", "Bearer " + accessToken).status()).isEqualTo(200);
		assertThat(this.api.get("/userinfo", "Authorization", "Bearer " + accessToken).status()).isEqualTo(200);
		String kid = SignedJWT.parse(accessToken).getHeader().getKeyID();

		this.signingKeys.rotate(true);
		this.jdbc.update("delete from signing_keys where kid = ?", kid);

		await().atMost(BOUND)
			.pollInterval(Duration.ofMillis(5))
			.until(() -> this.api.get("/userinfo", "Authorization", "Bearer " + accessToken).status() == 401);
		assertThat(this.api.get("/oauth2/jwks").body()).doesNotContain(kid);
		// A new sign-in is signed by the new key and answered.
		assertThat(this.api.get("/userinfo", "Authorization", "Bearer " + accessToken()).status()).isEqualTo(200);
	}

	@Test
	void aFrozenLinkSendsEveryLookupToTheDatabaseWithinASecond() throws Exception {
		this.proxy = FreezingProxy.start();
		this.linkPool = this.proxy.dataSource();
		ActiveAccessTokens memo = memo(this.linkPool);
		String accessToken = accessToken();
		// While the link vouches, a lookup is answered from memory (on a loaded machine a
		// heartbeat may lapse for a moment and a lookup read the database meanwhile).
		memo.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
			int before = this.reads.get();
			memo.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN);
			return this.reads.get() == before;
		});

		this.proxy.freeze(true);
		// Revoked elsewhere: the notification goes to the frozen link.
		revoke(accessToken);
		long revokedAt = System.nanoTime();
		await().atMost(Duration.ofSeconds(3))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> memo.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN).getAccessToken().isInvalidated());
		assertThat(Duration.ofNanos(System.nanoTime() - revokedAt))
			.as("a revoked token answered as active over a frozen link")
			.isLessThan(BOUND);
		int before = this.reads.get();
		memo.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN);
		memo.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN);
		assertThat(this.reads).as("lookups over a frozen link read the database").hasValue(before + 2);
		assertThat(memo.size()).as("nothing is kept while the link does not vouch").isZero();

		// Back: trusted again, and what was read before the freeze is gone.
		this.proxy.freeze(false);
		await().atMost(Duration.ofSeconds(10)).until(this.link::isCurrent);
		assertThat(memo.findByToken(accessToken, OAuth2TokenType.ACCESS_TOKEN).getAccessToken().isInvalidated())
			.isTrue();
	}

	/**
	 * A memory on a change link of its own, over a counting view of the authorizations.
	 */
	private ActiveAccessTokens memo(DataSource linkDatabase) {
		this.link = TestChangeNotifications.over(linkDatabase);
		this.link.start();
		await().atMost(Duration.ofSeconds(10)).until(this.link::isCurrent);
		OAuth2AuthorizationService counted = new OAuth2AuthorizationService() {

			@Override
			public void save(OAuth2Authorization authorization) {
				ActiveAccessTokensIntegrationTest.this.authorizations.save(authorization);
			}

			@Override
			public void remove(OAuth2Authorization authorization) {
				ActiveAccessTokensIntegrationTest.this.authorizations.remove(authorization);
			}

			@Override
			public OAuth2Authorization findById(String id) {
				return ActiveAccessTokensIntegrationTest.this.authorizations.findById(id);
			}

			@Override
			public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
				ActiveAccessTokensIntegrationTest.this.reads.incrementAndGet();
				return ActiveAccessTokensIntegrationTest.this.authorizations.findByToken(token, tokenType);
			}

		};
		return new ActiveAccessTokens(counted, this.clients, this.link, this.properties.accessTokenTtl());
	}

	private void revoke(String accessToken) {
		Response revoked = this.flows.form("/oauth2/revoke", Map.of("token", accessToken), "Authorization",
				OidcFlows.basic(this.project.getId(), this.project.getSecretKey()));
		assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
	}

	private String accessToken() {
		String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
		URI back = this.flows.signIn(OidcFlows.query(OidcFlows.request(this.project.getId(), REDIRECT, verifier)), "42",
				"Kept Token", "");
		Response tokens = this.flows.token(
				Map.of("grant_type", "authorization_code", "code", OidcFlows.parameters(back).get("code"),
						"redirect_uri", REDIRECT, "code_verifier", verifier),
				"Authorization", OidcFlows.basic(this.project.getId(), this.project.getSecretKey()));
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		return tokens.json().get("access_token").asString();
	}

}
