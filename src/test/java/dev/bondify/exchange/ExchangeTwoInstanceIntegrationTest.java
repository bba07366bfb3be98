package dev.bondify.exchange;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.FakeTelegramLogin;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.SecondInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one PostgreSQL: a datum exchanged on one is refused on the other, and
 * of two exchanges of one datum racing on both instances exactly one signs the user in.
 */
class ExchangeTwoInstanceIntegrationTest extends IntegrationTest {

	@RegisterExtension
	static final SecondInstance other = new SecondInstance(
			"--bondify.telegram.bot-token=" + ExchangeIntegrationTest.DEPLOYMENT_BOT_TOKEN,
			"--bondify.exchange.webapp-public-keys=" + FakeTelegramLogin.get().webappPublicKeyHex(),
			"--bondify.telegram.oidc.jwks-url=" + FakeTelegramLogin.get().jwksUrl());

	private ApiClient otherApi;

	private String projectId;

	@BeforeEach
	void setUp() {
		this.otherApi = new ApiClient(other.port());
		this.projectId = this.developers.createProject(this.developers.register(), "{\"name\":\"Two instances\"}")
			.field("id");
	}

	@Test
	void aDatumExchangedOnOneInstanceIsRefusedOnTheOther() {
		String initData = TelegramSigner.initData(ExchangeIntegrationTest.DEPLOYMENT_BOT_TOKEN,
				TelegramSigner.user(800_000_001L, "Alex", null, "alexj"), this.clock.instant());
		String idToken = TelegramSigner.idToken("RS256", 123456, 800_000_002L, this.clock.instant(), b -> b);

		assertThat(exchange(this.api, "webapp", initData).status()).isEqualTo(200);
		assertThat(exchange(this.otherApi, "oidc", idToken).status()).isEqualTo(200);
		Response webappReplay = exchange(this.otherApi, "webapp", initData);
		Response oidcReplay = exchange(this.api, "oidc", idToken);

		assertThat(webappReplay.status()).as(webappReplay.body()).isEqualTo(409);
		assertThat(webappReplay.code()).isEqualTo("DATA_ALREADY_USED");
		assertThat(oidcReplay.status()).as(oidcReplay.body()).isEqualTo(409);
		assertThat(sessions()).isEqualTo(2);
	}

	@Test
	void ofTwoRacingExchangesOfOneDatumExactlyOneSignsIn() throws Exception {
		for (int round = 0; round < 5; round++) {
			String initData = TelegramSigner.initData(ExchangeIntegrationTest.DEPLOYMENT_BOT_TOKEN,
					TelegramSigner.user(800_000_100L + round, "Racer", null, null), this.clock.instant());
			CyclicBarrier start = new CyclicBarrier(2);
			List<CompletableFuture<Response>> racing = List.of(this.api, this.otherApi)
				.stream()
				.map(client -> CompletableFuture.supplyAsync(() -> {
					await(start);
					return exchange(client, "webapp", initData);
				}))
				.toList();

			List<Integer> statuses = racing.stream().map(CompletableFuture::join).map(Response::status).toList();

			assertThat(statuses).containsExactlyInAnyOrder(200, 409);
		}
		assertThat(sessions()).isEqualTo(5);
	}

	private Response exchange(ApiClient client, String type, String data) {
		return client.post("/api/v1/exchange/public",
				ApiClient.json(Map.of("project_id", this.projectId, "type", type, "data", data)));
	}

	private long sessions() {
		Long count = this.jdbc.queryForObject("select count(*) from auth_sessions where project_id = ?", Long.class,
				this.projectId);
		return (count != null) ? count : 0;
	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
