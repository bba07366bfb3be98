package dev.bondify.oidc;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.SecondInstance;
import dev.bondify.system.ChangeNotifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one database: a token that the other instance answers from memory
 * stops there within a second of its revocation, or of its project's pause, here.
 */
class UserinfoTwoInstanceIntegrationTest extends IntegrationTest {

	private static final String REDIRECT = "http://127.0.0.1:9/cb";

	private static final Duration BOUND = Duration.ofSeconds(1);

	@RegisterExtension
	static final SecondInstance other = new SecondInstance();

	private OidcFlows flows;

	private ApiClient there;

	private Project project;

	@BeforeEach
	void setUp() {
		await().atMost(Duration.ofSeconds(20)).until(() -> other.getBean(ChangeNotifications.class).isCurrent());
		this.flows = new OidcFlows(this.api);
		this.there = new ApiClient(other.port());
		this.project = this.projects.sandbox();
		this.jdbc.update("update projects set redirect_uris = ?::text[] where id = ?", "{" + REDIRECT + "}",
				this.project.getId());
	}

	@Test
	void aTokenRevokedHereIsRefusedThereWithinASecond() {
		String accessToken = accessToken();
		assertThat(userinfoThere(accessToken).status()).isEqualTo(200);
		Response kept = userinfoThere(accessToken);
		assertThat(kept.status()).isEqualTo(200);
		assertThat(kept.json().get("telegram_id").asString()).isEqualTo("4242");

		Response revoked = this.flows.form("/oauth2/revoke", Map.of("token", accessToken), "Authorization",
				OidcFlows.basic(this.project.getId(), this.project.getSecretKey()));
		assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
		long revokedAt = System.nanoTime();

		await().atMost(Duration.ofSeconds(3))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> userinfoThere(accessToken).status() == 401);
		assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).as("a revoked token answered on the other instance")
			.isLessThan(BOUND);
		Response refused = userinfoThere(accessToken);
		assertThat(refused.field("error")).isEqualTo("invalid_token");
		// And here at once: the revoking instance forgets it before answering.
		assertThat(this.api.get("/userinfo", "Authorization", "Bearer " + accessToken).status()).isEqualTo(401);
	}

	@Test
	void aTokenOfAProjectPausedHereIsRefusedThereWithinASecond() {
		String accessToken = accessToken();
		assertThat(userinfoThere(accessToken).status()).isEqualTo(200);
		assertThat(userinfoThere(accessToken).status()).isEqualTo(200);

		this.jdbc.update("update projects set is_active = false where id = ?", this.project.getId());
		long pausedAt = System.nanoTime();

		await().atMost(Duration.ofSeconds(3))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> userinfoThere(accessToken).status() == 401);
		assertThat(Duration.ofNanos(System.nanoTime() - pausedAt)).as("a paused project's token answered")
			.isLessThan(BOUND);
	}

	private Response userinfoThere(String accessToken) {
		return this.there.get("/userinfo", "Authorization", "Bearer " + accessToken);
	}

	private String accessToken() {
		String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
		URI back = this.flows.signIn(OidcFlows.query(OidcFlows.request(this.project.getId(), REDIRECT, verifier)),
				"4242", "Two Instances", "");
		Response tokens = this.flows.token(
				Map.of("grant_type", "authorization_code", "code", OidcFlows.parameters(back).get("code"),
						"redirect_uri", REDIRECT, "code_verifier", verifier),
				"Authorization", OidcFlows.basic(this.project.getId(), this.project.getSecretKey()));
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		return tokens.json().get("access_token").asString();
	}

}
