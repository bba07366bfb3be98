package dev.bondify.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.FakeBotApi;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the exchange refuses, and that a refusal changes nothing: no session, no claimed
 * datum (so the genuine datum still works afterwards where it is valid).
 */
class ExchangeRefusalIntegrationTest extends IntegrationTest {

	static final String DEPLOYMENT_BOT_TOKEN = ExchangeIntegrationTest.DEPLOYMENT_BOT_TOKEN;

	Developer developer;

	String projectId;

	String secretKey;

	@BeforeEach
	void setUp() {
		this.developer = this.developers.register();
		Response created = this.developers.createProject(this.developer, "{\"name\":\"Refusals\"}");
		this.projectId = created.field("id");
		this.secretKey = created.field("secret_key");
	}

	String initData(String botToken, Instant authDate) {
		return TelegramSigner.initData(botToken, TelegramSigner.user(userId(), "Alex", null, "alexj"), authDate);
	}

	static long userId() {
		return ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000_000L);
	}

	Response exchange(String type, Object data) {
		return exchange(this.projectId, type, data);
	}

	Response exchange(String projectId, String type, Object data) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("project_id", projectId);
		body.put("type", type);
		body.put("data", data);
		return this.api.post("/api/v1/exchange/public", ApiClient.json(body));
	}

	/** The answer is the error, and neither a session nor a used datum was recorded. */
	void assertRefused(Response response, int status, String code) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.code()).isEqualTo(code);
		assertThat(response.field("error")).isNotBlank();
		assertThat(this.jdbc.queryForObject("select count(*) from auth_sessions where project_id = ?", Long.class,
				this.projectId))
			.isZero();
	}

	@Nested
	class MiniAppData {

		@Test
		void aWrongHashWithoutSignatureIsUnauthorized() {
			String tampered = initData(DEPLOYMENT_BOT_TOKEN, ExchangeRefusalIntegrationTest.this.clock.instant())
				.replaceAll("&signature=[^&]*", "")
				.replaceAll("hash=[0-9a-f]{4}", "hash=0000");
			long used = count("exchange_used_data");

			assertRefused(exchange("webapp", tampered), 401, "UNAUTHORIZED");
			assertThat(count("exchange_used_data")).isEqualTo(used);
		}

		@Test
		void dataOfAnotherBotIsUnauthorized() {
			String otherBot = "654321:another-bots-token";

			assertRefused(exchange("webapp", initData(otherBot, ExchangeRefusalIntegrationTest.this.clock.instant())),
					401, "UNAUTHORIZED");
		}

		@Test
		void aProjectWithItsOwnBotRefusesTheDeploymentBotsDataAndAcceptsItsOwn() {
			long botId = ThreadLocalRandom.current().nextLong(5_000_000_000L, 6_000_000_000L);
			String token = botId + ":AAH" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "secretPart_x-"
					+ Long.toHexString(ThreadLocalRandom.current().nextLong());
			FakeBotApi.get().addBot(token, "own_" + botId + "_bot");
			String ownBotProject = ExchangeRefusalIntegrationTest.this.developers
				.createProject(ExchangeRefusalIntegrationTest.this.developer,
						"{\"name\":\"Own bot\",\"bot_token\":\"" + token + "\"}")
				.field("id");
			Instant now = ExchangeRefusalIntegrationTest.this.clock.instant();

			Response deploymentData = exchange(ownBotProject, "webapp", initData(DEPLOYMENT_BOT_TOKEN, now));
			Response ownData = exchange(ownBotProject, "webapp", initData(token, now));

			assertThat(deploymentData.status()).as(deploymentData.body()).isEqualTo(401);
			assertThat(ownData.status()).as(ownData.body()).isEqualTo(200);
		}

		@Test
		void staleOrFutureDataIsUnauthorized() {
			Instant now = ExchangeRefusalIntegrationTest.this.clock.instant();
			String stale = initData(DEPLOYMENT_BOT_TOKEN, now.minus(Duration.ofMinutes(5)).minusSeconds(1));
			String future = initData(DEPLOYMENT_BOT_TOKEN, now.plus(Duration.ofMinutes(2)));

			assertRefused(exchange("webapp", stale), 401, "UNAUTHORIZED");
			assertRefused(exchange("webapp", future), 401, "UNAUTHORIZED");
		}

		@Test
		void aReplayIsRefusedInAnySpellingAndOnEitherEndpoint() {
			String data = initData(DEPLOYMENT_BOT_TOKEN, ExchangeRefusalIntegrationTest.this.clock.instant());
			String reordered = data.substring(data.indexOf('&') + 1) + "&" + data.substring(0, data.indexOf('&'));
			assertThat(exchange("webapp", data).status()).isEqualTo(200);

			Response replay = exchange("webapp", data);
			Response respelled = exchange("webapp", reordered);
			Response withKey = ExchangeRefusalIntegrationTest.this.api.post(
					"/api/v1/exchange", ApiClient.json(Map.of("project_id",
							ExchangeRefusalIntegrationTest.this.projectId, "type", "webapp", "data", data)),
					"Authorization", "Bearer " + ExchangeRefusalIntegrationTest.this.secretKey);

			for (Response refused : new Response[] { replay, respelled, withKey }) {
				assertThat(refused.status()).as(refused.body()).isEqualTo(409);
				assertThat(refused.code()).isEqualTo("DATA_ALREADY_USED");
			}
			assertThat(sessions()).isEqualTo(1);
		}

		@Test
		void malformedDataIsABadRequest() {
			String noUser = initData(DEPLOYMENT_BOT_TOKEN, ExchangeRefusalIntegrationTest.this.clock.instant())
				.replaceAll("user=[^&]*&", "");
			assertRefused(exchange("webapp", "not init data"), 400, "INVALID_REQUEST");
			assertRefused(exchange("webapp", "auth_date=%ZZ&hash=00"), 400, "INVALID_REQUEST");
			assertRefused(exchange("webapp", noUser), 400, "INVALID_REQUEST");
			assertRefused(exchange("webapp", Map.of("hash", "00")), 400, "INVALID_REQUEST");
			assertRefused(exchange("widget", "id=1&hash=00"), 400, "INVALID_REQUEST");
			assertRefused(exchange("webapp", null), 400, "INVALID_REQUEST");
			assertRefused(exchange("password", "x"), 400, "INVALID_REQUEST");
		}

	}

	@Nested
	class LoginWidget {

		@Test
		void aChangedFieldIsUnauthorized() {
			Map<String, Object> widget = TelegramSigner.widget(DEPLOYMENT_BOT_TOKEN, userId(), "Alex", "alexj",
					ExchangeRefusalIntegrationTest.this.clock.instant());
			widget.put("username", "someone_else");

			assertRefused(exchange("widget", widget), 401, "UNAUTHORIZED");
		}

	}

	@Nested
	class TelegramIdTokens {

		@Test
		void wrongAudienceIssuerAlgorithmOrExpiryIsUnauthorized() {
			Instant now = ExchangeRefusalIntegrationTest.this.clock.instant();
			String genuine = TelegramSigner.idToken("ES256", 123456, userId(), now, builder -> builder);
			String unsigned = genuine.substring(0, genuine.lastIndexOf('.') + 1);
			String none = Jwts.builder().issuer("https://oauth.telegram.org").audience().add("123456").and().compact();

			assertRefused(exchange("oidc", TelegramSigner.idToken("RS256", 999, userId(), now, builder -> builder)),
					401, "UNAUTHORIZED");
			assertRefused(exchange("oidc", TelegramSigner.idToken("RS256", 123456, userId(), now,
					builder -> builder.issuer("https://evil.example"))), 401, "UNAUTHORIZED");
			assertRefused(exchange("oidc", none), 401, "UNAUTHORIZED");
			assertRefused(exchange("oidc", unsigned), 401, "UNAUTHORIZED");
			assertRefused(exchange("oidc", TelegramSigner.idToken("EdDSA", 123456, userId(),
					now.minus(Duration.ofMinutes(10)), builder -> builder)), 401, "UNAUTHORIZED");
			assertRefused(exchange("oidc", TelegramSigner.idToken("ES256", 123456, userId(), now,
					builder -> builder.header().keyId("unknown-key").and())), 401, "UNAUTHORIZED");
			assertRefused(exchange("oidc", "not.a-token"), 400, "INVALID_REQUEST");
		}

		@Test
		void aPhoneFromTheIdTokenReachesAProjectThatRequiresIt() {
			String phoneProject = ExchangeRefusalIntegrationTest.this.developers
				.createProject(ExchangeRefusalIntegrationTest.this.developer,
						"{\"name\":\"Phones\",\"req_phone\":true}")
				.field("id");
			Instant now = ExchangeRefusalIntegrationTest.this.clock.instant();

			Response withoutPhone = exchange(phoneProject, "webapp", initData(DEPLOYMENT_BOT_TOKEN, now));
			Response withPhone = exchange(phoneProject, "oidc", TelegramSigner.idToken("RS256", 123456, userId(), now,
					builder -> builder.claim("phone_number", "+15550001111")));

			assertThat(withoutPhone.status()).as(withoutPhone.body()).isEqualTo(400);
			assertThat(withPhone.status()).as(withPhone.body()).isEqualTo(200);
			assertThat(withPhone.field("telegram_phone")).isEqualTo("+15550001111");
		}

	}

	@Nested
	class ProjectRules {

		@Test
		void pausedPrivateForeignOriginUnknownAndSandboxProjectsAreRefused() {
			Instant now = ExchangeRefusalIntegrationTest.this.clock.instant();
			patch("{\"is_active\":false}");
			assertRefused(exchange("webapp", initData(DEPLOYMENT_BOT_TOKEN, now)), 403, "PROJECT_INACTIVE");
			patch("{\"is_active\":true,\"public_access\":false}");
			assertRefused(exchange("webapp", initData(DEPLOYMENT_BOT_TOKEN, now)), 403, "PUBLIC_ACCESS_DISABLED");
			patch("{\"public_access\":true,\"allowed_origins\":[\"https://shop.example\"]}");
			Response foreign = ExchangeRefusalIntegrationTest.this.api
				.post("/api/v1/exchange/public",
						ApiClient.json(Map.of("project_id", ExchangeRefusalIntegrationTest.this.projectId, "type",
								"webapp", "data", initData(DEPLOYMENT_BOT_TOKEN, now))),
						"Origin", "https://evil.example");
			assertRefused(foreign, 403, "ORIGIN_NOT_ALLOWED");
			Response wrongKey = ExchangeRefusalIntegrationTest.this.api.post("/api/v1/exchange",
					ApiClient.json(Map.of("project_id", ExchangeRefusalIntegrationTest.this.projectId, "type", "webapp",
							"data", initData(DEPLOYMENT_BOT_TOKEN, now))),
					"Authorization", "Bearer sk_live_" + "x".repeat(43));
			assertRefused(wrongKey, 401, "UNAUTHORIZED");
			assertRefused(exchange("proj_unknown1", "webapp", initData(DEPLOYMENT_BOT_TOKEN, now)), 404,
					"PROJECT_NOT_FOUND");
			String sandbox = ExchangeRefusalIntegrationTest.this.developers
				.createProject(ExchangeRefusalIntegrationTest.this.developer, "{\"name\":\"Sandbox\",\"sandbox\":true}")
				.field("id");
			assertThat(exchange(sandbox, "webapp", initData(DEPLOYMENT_BOT_TOKEN, now)).status()).isEqualTo(400);
		}

		void patch(String json) {
			Response patched = ExchangeRefusalIntegrationTest.this.api.method("PATCH",
					"/api/v1/dev/projects/" + ExchangeRefusalIntegrationTest.this.projectId, json,
					ExchangeRefusalIntegrationTest.this.developer.auth());
			assertThat(patched.status()).as(patched.body()).isEqualTo(200);
		}

	}

	long sessions() {
		Long count = this.jdbc.queryForObject("select count(*) from auth_sessions where project_id = ?", Long.class,
				this.projectId);
		return (count != null) ? count : 0;
	}

}
