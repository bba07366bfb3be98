package dev.bondify.oidc;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A code is redeemed by one conditional statement that also stores the tokens: of many
 * concurrent exchanges of one code exactly one gets tokens, the stored row holds the
 * winner's, and a loser revokes them as a replay does (RFC 6749 section 4.1.2).
 */
class OidcCodeRedemptionIntegrationTest extends IntegrationTest {

	private static final String REDIRECT = "http://127.0.0.1:9/login/oauth2/code/bondify";

	private static final int RACERS = 8;

	private OidcFlows flows;

	private Project project;

	@BeforeEach
	void client() {
		this.flows = new OidcFlows(this.api);
		this.project = this.projects.sandbox();
		this.jdbc.update("update projects set redirect_uris = ?::text[] where id = ?", "{" + REDIRECT + "}",
				this.project.getId());
	}

	@Test
	void concurrentExchangesOfOneCodeGiveTokensOnce() throws Exception {
		String verifier = UUID.randomUUID() + "-race";
		URI back = this.flows.signIn(OidcFlows.query(OidcFlows.request(this.project.getId(), REDIRECT, verifier)), "77",
				"Race Winner", "race_winner");
		String code = OidcFlows.parameters(back).get("code");
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Response>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(RACERS)) {
			for (int i = 0; i < RACERS; i++) {
				answers.add(CompletableFuture.supplyAsync(() -> {
					try {
						start.await(10, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					return exchange(code, verifier);
				}, pool));
			}
			start.countDown();
		}
		List<Response> granted = answers.stream()
			.map(CompletableFuture::join)
			.filter((r) -> r.status() == 200)
			.toList();
		List<Response> refused = answers.stream()
			.map(CompletableFuture::join)
			.filter((r) -> r.status() != 200)
			.toList();

		assertThat(granted).hasSize(1);
		assertThat(refused).hasSize(RACERS - 1)
			.allSatisfy((r) -> assertThat(r.status()).isEqualTo(400))
			.allSatisfy((r) -> assertThat(r.field("error")).isEqualTo("invalid_grant"));
		// The row holds the winner's tokens (a loser that read the row after the winner's
		// commit takes its request for a replay, and Spring Authorization Server then
		// revokes the tokens of that code, as RFC 6749 4.1.2 advises: so only the stored
		// value is compared here, not whether the token still works).
		String accessToken = granted.get(0).json().get("access_token").asString();
		assertThat(this.jdbc.queryForObject(
				"select access_token_value from oauth2_authorization where registered_client_id = ? and code_redeemed",
				String.class, this.project.getId()))
			.isEqualTo(HashedAuthorizationService.hash(accessToken));
	}

	/**
	 * Both exchanges read the code's row before either redeems it (a test transaction
	 * holds the row until both wait at the redeeming UPDATE): the loser took its request
	 * for a first use, loses at the UPDATE, and then revokes the winner's tokens as a
	 * replay does.
	 */
	@Test
	void theLoserOfARaceRevokesTheWinnersTokens() throws Exception {
		String verifier = UUID.randomUUID() + "-stale";
		URI back = this.flows.signIn(OidcFlows.query(OidcFlows.request(this.project.getId(), REDIRECT, verifier)), "79",
				"Stale Reader", "stale_reader");
		String code = OidcFlows.parameters(back).get("code");
		List<Response> answers;
		try (Connection lock = this.jdbc.getDataSource().getConnection();
				ExecutorService pool = Executors.newFixedThreadPool(2)) {
			lock.setAutoCommit(false);
			try (PreparedStatement rowLock = lock
				.prepareStatement("select id from oauth2_authorization where registered_client_id = ? for update")) {
				rowLock.setString(1, this.project.getId());
				rowLock.executeQuery().close();
			}
			List<CompletableFuture<Response>> racing = List.of(
					CompletableFuture.supplyAsync(() -> exchange(code, verifier), pool),
					CompletableFuture.supplyAsync(() -> exchange(code, verifier), pool));
			Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.until(() -> this.jdbc.queryForObject("select count(*) from pg_stat_activity where datname ="
						+ " current_database() and wait_event_type = 'Lock' and query like 'update oauth2_authorization%'",
						Integer.class) == 2);
			lock.rollback();
			answers = racing.stream().map(CompletableFuture::join).toList();
		}

		assertThat(answers).extracting(Response::status).containsExactlyInAnyOrder(200, 400);
		Response winner = answers.stream().filter((r) -> r.status() == 200).findFirst().orElseThrow();
		Response loser = answers.stream().filter((r) -> r.status() == 400).findFirst().orElseThrow();
		assertThat(loser.field("error")).isEqualTo("invalid_grant");
		String accessToken = winner.json().get("access_token").asString();
		assertThat(this.jdbc.queryForObject(
				"select access_token_metadata from oauth2_authorization where" + " registered_client_id = ?",
				String.class, this.project.getId()))
			.contains("invalidated\":true");
		assertRefusedByUserinfo(accessToken);
	}

	@Test
	void aReplayAfterTheRedemptionStillRevokesTheTokens() {
		String verifier = UUID.randomUUID() + "-replay";
		URI back = this.flows.signIn(OidcFlows.query(OidcFlows.request(this.project.getId(), REDIRECT, verifier)), "80",
				"Replayer", "replayer");
		String code = OidcFlows.parameters(back).get("code");
		Response first = exchange(code, verifier);
		assertThat(first.status()).as(first.body()).isEqualTo(200);
		String accessToken = first.json().get("access_token").asString();
		// Kept in this instance's memory of active tokens by this call.
		assertThat(this.api.get("/userinfo", "Authorization", "Bearer " + accessToken).status()).isEqualTo(200);

		Response replay = exchange(code, verifier);

		assertThat(replay.status()).isEqualTo(400);
		assertThat(replay.field("error")).isEqualTo("invalid_grant");
		assertRefusedByUserinfo(accessToken);
	}

	private void assertRefusedByUserinfo(String accessToken) {
		Response refused = this.api.get("/userinfo", "Authorization", "Bearer " + accessToken);
		assertThat(refused.status()).as(refused.body()).isEqualTo(401);
		assertThat(refused.field("error")).isEqualTo("invalid_token");
	}

	@Test
	void aRedeemedCodesRowHoldsTheTokensAsHashes() {
		String verifier = UUID.randomUUID() + "-stored";
		URI back = this.flows.signIn(OidcFlows.query(OidcFlows.request(this.project.getId(), REDIRECT, verifier)), "78",
				"Stored", "stored");
		Response tokens = exchange(OidcFlows.parameters(back).get("code"), verifier);
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);

		Map<String, Object> row = this.jdbc
			.queryForMap("select code_redeemed, access_token_value, oidc_id_token_value, authorization_code_metadata"
					+ " from oauth2_authorization where registered_client_id = ?", this.project.getId());
		assertThat(row.get("code_redeemed")).isEqualTo(true);
		assertThat((String) row.get("access_token_value")).startsWith(HashedAuthorizationService.HASHED)
			.isEqualTo(HashedAuthorizationService.hash(tokens.json().get("access_token").asString()));
		assertThat((String) row.get("oidc_id_token_value")).startsWith(HashedAuthorizationService.HASHED);
		assertThat((String) row.get("authorization_code_metadata")).contains("invalidated\":true");
	}

	private Response exchange(String code, String verifier) {
		return this.flows.token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
				"code_verifier", verifier), "Authorization",
				OidcFlows.basic(this.project.getId(), this.project.getSecretKey()));
	}

}
