package dev.bondify.exchange;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDevelopers.Developer;
import dev.bondify.support.WebhookReceiver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each Telegram sign-in method, with data built as Telegram builds it, ends as a bot
 * confirm does: the confirmed verify body with a proof the official SDKs verify (HS256
 * over the UTF-8 bytes of the whole secret key), a session in the list with its source,
 * analytics and monthly active users, and the {@code auth.confirmed} webhook.
 */
class ExchangeIntegrationTest extends IntegrationTest {

	static final String DEPLOYMENT_BOT_TOKEN = "123456:test-token";

	static final JsonMapper JSON = JsonMapper.builder().build();

	WebhookReceiver receiver;

	Developer developer;

	String projectId;

	String secretKey;

	@BeforeEach
	void setUp() {
		this.receiver = new WebhookReceiver();
		this.developer = this.developers.register();
		Response created = this.developers.createProject(this.developer,
				"{\"name\":\"Mini Shop\",\"webhook_url\":\"" + this.receiver.url() + "\"}");
		this.projectId = created.field("id");
		this.secretKey = created.field("secret_key");
	}

	@AfterEach
	void tearDown() {
		this.receiver.close();
	}

	@Test
	void miniAppInitDataSignsTheUserInLikeABotConfirm() {
		long userId = 700_000_001L;
		String initData = TelegramSigner.initData(DEPLOYMENT_BOT_TOKEN,
				TelegramSigner.user(userId, "Alex", "Johnson", "alexj"), this.clock.instant());

		Response response = exchangePublic("webapp", ApiClient.json(initData));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertConfirmed(response, userId, "Alex Johnson", "alexj");
		assertSignedInLikeABotConfirm(userId, "webapp", 1);
	}

	@Test
	void loginWidgetFieldsSignTheUserInWithTheSecretKey() {
		long userId = 700_000_002L;
		Map<String, Object> widget = TelegramSigner.widget(DEPLOYMENT_BOT_TOKEN, userId, "Widget User", "widget_user",
				this.clock.instant());

		Response response = this.api.post("/api/v1/exchange",
				ApiClient.json(Map.of("project_id", this.projectId, "type", "widget", "data", widget)), "Authorization",
				"Bearer " + this.secretKey);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertConfirmed(response, userId, "Widget User", "widget_user");
		assertSignedInLikeABotConfirm(userId, "widget", 1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "RS256", "ES256", "EdDSA" })
	void telegramOidcIdTokensOfEveryAlgorithmSignTheUserIn(String algorithm) {
		long userId = 700_000_010L + List.of("RS256", "ES256", "EdDSA").indexOf(algorithm);
		String idToken = TelegramSigner.idToken(algorithm, 123456, userId, this.clock.instant(), builder -> builder);

		Response response = exchangePublic("oidc", ApiClient.json(idToken));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertConfirmed(response, userId, "Alex Johnson", "alexj");
		assertSignedInLikeABotConfirm(userId, "telegram_oidc", 1);
	}

	@Test
	void theSameUserSigningInTwiceCountsOnceInMonthlyActiveUsers() {
		long userId = 700_000_020L;
		for (int i = 0; i < 2; i++) {
			String initData = TelegramSigner.initData(DEPLOYMENT_BOT_TOKEN,
					TelegramSigner.user(userId, "Twice", null, null), this.clock.instant());
			assertThat(exchangePublic("webapp", ApiClient.json(initData)).status()).isEqualTo(200);
		}

		JsonNode me = this.api.get("/api/v1/dev/me", this.developer.auth()).json();
		assertThat(me.get("developer").get("mau").get("current").asInt()).isEqualTo(1);
		JsonNode analytics = this.api
			.get("/api/v1/dev/analytics?days=1&project_id=" + this.projectId, this.developer.auth())
			.json();
		assertThat(analytics.get("confirmed_sessions").asInt()).isEqualTo(2);
		assertThat(analytics.get("unique_users").asInt()).isEqualTo(1);
	}

	Response exchangePublic(String type, String dataJson) {
		return this.api.post("/api/v1/exchange/public",
				"{\"project_id\":\"" + this.projectId + "\",\"type\":\"" + type + "\",\"data\":" + dataJson + "}",
				"Origin", "https://shop.example");
	}

	void assertConfirmed(Response response, long userId, String name, String username) {
		JsonNode body = response.json();
		assertThat(body.properties().stream().map(Map.Entry::getKey)).containsExactlyInAnyOrder("status", "telegram_id",
				"telegram_name", "telegram_username", "telegram_phone", "confirmed_at", "proof");
		assertThat(body.get("status").asString()).isEqualTo("confirmed");
		assertThat(body.get("telegram_id").isString()).isTrue();
		assertThat(body.get("telegram_id").asString()).isEqualTo(Long.toString(userId));
		assertThat(body.get("telegram_name").asString()).isEqualTo(name);
		assertThat(body.get("telegram_username").asString()).isEqualTo(username);
		assertThat(body.get("telegram_phone").isNull()).isTrue();
		assertThat(body.get("confirmed_at").isIntegralNumber()).isTrue();
		// As the official Node SDK verifies: HS256 keyed with the UTF-8 bytes of the key.
		Jws<Claims> proof = Jwts.parser()
			.verifyWith(Keys.hmacShaKeyFor(this.secretKey.getBytes(StandardCharsets.UTF_8)))
			.clock(() -> Date.from(this.clock.instant()))
			.build()
			.parseSignedClaims(body.get("proof").asString());
		assertThat(proof.getHeader().getAlgorithm()).isEqualTo("HS256");
		assertThat(proof.getPayload().get("telegram_id")).isEqualTo(Long.toString(userId));
		assertThat(proof.getPayload().get("project_id")).isEqualTo(this.projectId);
		assertThat(proof.getPayload().getAudience()).containsExactly(this.projectId);
		assertThat(proof.getPayload().get("confirmed_at", Long.class)).isEqualTo(body.get("confirmed_at").asLong());
		Response checked = this.api.post("/api/v1/proof/verify",
				ApiClient.json(Map.of("proof", body.get("proof").asString())), "Authorization",
				"Bearer " + this.secretKey);
		assertThat(checked.status()).as(checked.body()).isEqualTo(200);
	}

	void assertSignedInLikeABotConfirm(long userId, String source, int sessions) {
		Map<String, Object> row = this.jdbc.queryForMap(
				"select source, status, telegram_id, origin from auth_sessions where project_id = ?", this.projectId);
		assertThat(row).containsEntry("source", source)
			.containsEntry("status", "used")
			.containsEntry("telegram_id", Long.toString(userId))
			.containsEntry("origin", source.equals("widget") ? null : "https://shop.example");
		JsonNode listed = this.api.get("/api/v1/dev/sessions?project_id=" + this.projectId, this.developer.auth())
			.json()
			.get("sessions");
		assertThat(listed).hasSize(sessions);
		assertThat(listed.get(0).get("source").asString()).isEqualTo(source);
		assertThat(listed.get(0).get("telegram_id").asString()).isEqualTo(Long.toString(userId));
		JsonNode analytics = this.api
			.get("/api/v1/dev/analytics?days=1&project_id=" + this.projectId, this.developer.auth())
			.json();
		assertThat(analytics.get("confirmed_sessions").asInt()).isEqualTo(sessions);
		assertThat(analytics.get("unique_users").asInt()).isEqualTo(1);
		WebhookReceiver.Received webhook = this.receiver.await(1).get(0);
		JsonNode event = JSON.readTree(webhook.bodyText());
		assertThat(event.get("event").asString()).isEqualTo("auth.confirmed");
		assertThat(event.get("project_id").asString()).isEqualTo(this.projectId);
		assertThat(event.get("telegram_id").asString()).isEqualTo(Long.toString(userId));
	}

}
