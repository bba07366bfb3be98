package dev.bondify.oidc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.FakeBotApi;
import dev.bondify.support.FakeBotApi.Call;
import dev.bondify.support.IntegrationTest;
import dev.bondify.system.RandomTokens;
import dev.bondify.system.WebProperties;
import dev.bondify.telegram.TelegramUpdates;
import dev.bondify.telegram.TelegramUpdates.TelegramUpdate;

import static dev.bondify.support.FakeBotApi.toChat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device authorization grant (RFC 8628) end to end over HTTP: a device asks for
 * codes, the user confirms in the bot (through the deeplink or by typing the user code),
 * and the device's polls get exactly RFC 8628's answers, then ES256 tokens checked
 * against the JWKS; every refusal changes nothing.
 */
class DeviceAuthorizationGrantIntegrationTest extends IntegrationTest {

	@Autowired
	private WebProperties web;

	static final String WEBHOOK = "/api/v1/telegram/webhook";

	static final String GRANT = "urn:ietf:params:oauth:grant-type:device_code";

	private final FakeBotApi bot = FakeBotApi.get();

	private OidcFlows flows;

	private Project project;

	@BeforeEach
	void client() {
		this.flows = new OidcFlows(this.api);
		this.project = this.projects.live();
	}

	@AfterEach
	void behave() {
		this.bot.behave();
	}

	@Test
	void theDeeplinkConfirmedInTheBotGivesEs256TokensOnce() throws Exception {
		// The polls below move the clock on; starting in the past keeps the access
		// token's nbf behind the real clock that /userinfo checks it against.
		this.clock.set(Instant.now().minusSeconds(60));
		JsonNode device = authorize(this.project, "openid profile");
		assertThat(device.get("user_code").asString()).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
		assertThat(device.get("verification_uri").asString())
			.isEqualTo(this.api.baseUrl() + "/oidc/device?client_id=" + this.project.getId());
		assertThat(device.get("verification_uri_complete").asString()).startsWith("https://t.me/");
		assertThat(device.get("expires_in").asLong()).isBetween(590L, 600L);
		assertThat(device.get("interval").asInt()).isEqualTo(5);
		String deviceCode = device.get("device_code").asString();
		assertThat(deviceCode).hasSizeGreaterThanOrEqualTo(43);
		assertThat(this.jdbc
			.queryForMap("select source, origin from auth_sessions s join oidc_device_grants g on g.session_id = s.id"
					+ " where g.device_code_hash = ?", (Object) RandomTokens.sha256(deviceCode)))
			.containsEntry("source", "oidc_device")
			.containsEntry("origin", null);

		assertThat(poll(deviceCode).field("error")).isEqualTo("authorization_pending");

		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.start(user, linkCode(device), "en"));
		Call prompt = this.bot.awaitOne("sendMessage", toChat(user));
		assertThat(prompt.param("text")).contains("Sign-in request for Test App")
			.contains("an app or server (no website)");
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(poll(deviceCode).field("error")).as("bound, not yet confirmed").isEqualTo("authorization_pending");
		webhook(TelegramUpdates.callback(user, user, 41, "c:" + linkCode(device), "en"));

		this.clock.advance(Duration.ofSeconds(5));
		Response tokens = poll(deviceCode);
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		assertThat(tokens.header("Cache-Control")).contains("no-store");
		assertThat(tokens.field("token_type")).isEqualTo("Bearer");
		SignedJWT idToken = verified(tokens.field("id_token"));
		assertThat(idToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		Map<String, Object> claims = idToken.getJWTClaimsSet().getClaims();
		assertThat(claims).containsEntry("iss", this.api.baseUrl())
			.containsEntry("telegram_id", Long.toString(user))
			.containsEntry("name", "Alex Johnson")
			.containsEntry("preferred_username", "alexj" + user)
			.containsEntry("amr", List.of("telegram"))
			.containsKey("auth_time")
			.doesNotContainKey("nonce")
			.doesNotContainKey("phone_number");
		assertThat(idToken.getJWTClaimsSet().getAudience()).containsExactly(this.project.getId());
		String subject = idToken.getJWTClaimsSet().getSubject();
		assertThat(subject).isNotBlank().doesNotContain(Long.toString(user));

		Response userinfo = this.api.get("/userinfo", "Authorization", "Bearer " + tokens.field("access_token"));
		assertThat(userinfo.status()).as(userinfo.body()).isEqualTo(200);
		assertThat(userinfo.json().get("sub").asString()).isEqualTo(subject);
		assertThat(userinfo.json().get("telegram_id").asString()).isEqualTo(Long.toString(user));

		this.clock.advance(Duration.ofSeconds(5));
		Response replay = poll(deviceCode);
		assertThat(replay.status()).isEqualTo(400);
		assertThat(replay.field("error")).as("a device code works once").isEqualTo("invalid_grant");

		// Nothing usable is stored: the codes and tokens only as hashes, the session's
		// poll secret sealed under the device code.
		String stored = this.jdbc
			.queryForObject("select device_code_value || user_code_value || access_token_value || oidc_id_token_value"
					+ " from oauth2_authorization where registered_client_id = ? and device_code_value is not null"
					+ " order by device_code_issued_at desc limit 1", String.class, this.project.getId());
		assertThat(stored).startsWith(HashedAuthorizationService.HASHED)
			.doesNotContain(deviceCode)
			.doesNotContain(device.get("user_code").asString())
			.doesNotContain(device.get("user_code").asString().replace("-", ""))
			.doesNotContain(tokens.field("access_token"));
		assertThat(this.jdbc.queryForObject(
				"select status from auth_sessions s join oidc_device_grants g"
						+ " on g.session_id = s.id where g.device_code_hash = ?",
				String.class, (Object) RandomTokens.sha256(deviceCode)))
			.as("the session's one proof went to the token endpoint")
			.isEqualTo("used");
	}

	@Test
	void theUserCodeTypedToTheBotShowsThePromptInAnySpelling() throws Exception {
		JsonNode device = authorize(this.project, "openid profile");
		String userCode = device.get("user_code").asString();
		long user = TelegramUpdates.newUserId();

		String typed = " " + userCode.substring(0, 2).toLowerCase() + " " + userCode.substring(2, 4) + " – "
				+ userCode.substring(5).toLowerCase() + " ";
		webhook(TelegramUpdates.text(user, typed, "en"));

		Call prompt = this.bot.awaitOne("sendMessage", toChat(user));
		assertThat(prompt.param("text")).contains("Sign-in request for Test App");
		String confirm = prompt.json("reply_markup")
			.get("inline_keyboard")
			.get(0)
			.get(0)
			.get("callback_data")
			.asString();
		assertThat(confirm).isEqualTo("c:" + linkCode(device));
		webhook(TelegramUpdates.callback(user, user, 42, confirm, "en"));

		Response tokens = poll(device.get("device_code").asString());
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		assertThat(verified(tokens.field("id_token")).getJWTClaimsSet().getStringClaim("telegram_id"))
			.isEqualTo(Long.toString(user));

		// A used code opens nothing any more.
		webhook(TelegramUpdates.text(user, userCode, "en"));
		List<Call> replies = this.bot.await("sendMessage", toChat(user), 2, Duration.ofSeconds(10));
		assertThat(replies.get(1).param("text")).contains("already finished");
		assertThat(replies.get(1).json("reply_markup")).isNull();
	}

	@Test
	void wrongAndExpiredUserCodesOpenNothingAndGuessingIsRateLimitedPerChat() {
		JsonNode device = authorize(this.project, "openid");
		String userCode = device.get("user_code").asString();
		long user = TelegramUpdates.newUserId();

		for (int i = 0; i < 3; i++) {
			webhook(TelegramUpdates.text(user, otherCode(userCode, i), "en"));
		}
		List<Call> refused = this.bot.await("sendMessage", toChat(user), 3, Duration.ofSeconds(10));
		assertThat(refused).extracting(call -> call.param("text"))
			.allMatch(text -> text.contains("This code is not valid or has expired"));
		webhook(TelegramUpdates.text(user, userCode, "en"));
		List<Call> limited = this.bot.await("sendMessage", toChat(user), 4, Duration.ofSeconds(10));
		assertThat(limited.get(3).param("text")).as("even the right code, once the chat guessed too often")
			.contains("Too many codes");
		assertThat(limited).noneMatch(call -> call.json("reply_markup") != null);
		assertThat(bound(device)).isNull();

		// Another chat may still use it, until it expires with its session.
		this.clock.advance(Duration.ofMinutes(10));
		long late = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.text(late, userCode, "en"));
		assertThat(this.bot.awaitOne("sendMessage", toChat(late)).param("text"))
			.contains("This code is not valid or has expired");
		assertThat(bound(device)).isNull();
		assertThat(poll(device.get("device_code").asString()).field("error")).isEqualTo("expired_token");
	}

	@Test
	void cancelInTheBotIsAccessDenied() {
		JsonNode device = authorize(this.project, "openid");
		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.start(user, linkCode(device), "en"));
		this.bot.awaitOne("sendMessage", toChat(user));
		webhook(TelegramUpdates.callback(user, user, 43, "x:" + linkCode(device), "en"));
		Response denied = poll(device.get("device_code").asString());
		assertThat(denied.status()).isEqualTo(400);
		assertThat(denied.field("error")).isEqualTo("access_denied");
	}

	@Test
	void pollingFasterThanTheIntervalIsSlowDownAndTheIntervalGrows() {
		JsonNode device = authorize(this.project, "openid");
		String deviceCode = device.get("device_code").asString();
		assertThat(poll(deviceCode).field("error")).isEqualTo("authorization_pending");
		this.clock.advance(Duration.ofSeconds(4));
		Response fast = poll(deviceCode);
		assertThat(fast.status()).isEqualTo(400);
		assertThat(fast.field("error")).isEqualTo("slow_down");
		assertThat(interval(deviceCode)).isEqualTo(10);
		// The interval is now 10 s: 5 s is too soon again, and grows it to 15 s.
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(poll(deviceCode).field("error")).isEqualTo("slow_down");
		this.clock.advance(Duration.ofSeconds(15));
		assertThat(poll(deviceCode).field("error")).isEqualTo("authorization_pending");
		assertThat(interval(deviceCode)).isEqualTo(15);
	}

	@Test
	void anExpiredDeviceCodeIsExpiredToken() {
		JsonNode device = authorize(this.project, "openid");
		// expires_in is whole seconds, rounded down: one more second is surely past it.
		this.clock.advance(Duration.ofSeconds(device.get("expires_in").asLong() + 1));
		Response expired = poll(device.get("device_code").asString());
		assertThat(expired.status()).isEqualTo(400);
		assertThat(expired.field("error")).isEqualTo("expired_token");
	}

	@Test
	void anotherClientsDeviceCodeIsInvalidGrantAndChangesNothing() {
		JsonNode device = authorize(this.project, "openid");
		String deviceCode = device.get("device_code").asString();
		Project other = this.projects.live();
		Response stolen = this.flows.token(Map.of("grant_type", GRANT, "device_code", deviceCode), "Authorization",
				OidcFlows.basic(other.getId(), other.getSecretKey()));
		assertThat(stolen.status()).isEqualTo(400);
		assertThat(stolen.field("error")).isEqualTo("invalid_grant");
		assertThat(
				this.jdbc.queryForObject("select polled_at is null from oidc_device_grants where device_code_hash = ?",
						Boolean.class, (Object) RandomTokens.sha256(deviceCode)))
			.isTrue();
		assertThat(poll(deviceCode).field("error")).isEqualTo("authorization_pending");
		assertThat(poll("made-up-" + deviceCode).field("error")).isEqualTo("invalid_grant");
	}

	@Test
	void aWrongSecretOrNoneIsInvalidClientForAConfidentialClient() {
		Response wrong = this.flows.form("/oauth2/device_authorization", Map.of("scope", "openid"), "Authorization",
				OidcFlows.basic(this.project.getId(), "sk_wrong"));
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(wrong.field("error")).isEqualTo("invalid_client");
		Response none = this.flows.form("/oauth2/device_authorization",
				Map.of("client_id", this.project.getId(), "scope", "openid"));
		assertThat(none.status()).isEqualTo(401);
		assertThat(none.field("error")).isEqualTo("invalid_client");
		assertThat(this.jdbc.queryForObject("select count(*) from oidc_device_grants where client_id = ?",
				Integer.class, this.project.getId()))
			.isZero();
	}

	@Test
	void aPublicClientUsesTheGrantWithItsIdAlone() {
		Project open = this.projects.live();
		this.jdbc.update("update projects set oidc_public = true where id = ?", open.getId());
		Response codes = this.flows.form("/oauth2/device_authorization",
				Map.of("client_id", open.getId(), "scope", "openid profile"));
		assertThat(codes.status()).as(codes.body()).isEqualTo(200);
		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.text(user, codes.field("user_code"), "en"));
		Call prompt = this.bot.awaitOne("sendMessage", toChat(user));
		webhook(TelegramUpdates.callback(user, user, 44,
				prompt.json("reply_markup").get("inline_keyboard").get(0).get(0).get("callback_data").asString(),
				"en"));
		Response tokens = this.flows
			.token(Map.of("grant_type", GRANT, "device_code", codes.field("device_code"), "client_id", open.getId()));
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		assertThat(tokens.field("id_token")).isNotBlank();
	}

	@Test
	void aRateLimitedRequestLeavesNoAuthorizationBehind() {
		// The provider saves the authorization before the per-address limit is taken;
		// a flood of refused requests must not pile up rows. The clock stands still, so
		// the bucket does not refill while a busy machine sends the requests slowly.
		this.clock.set(this.clock.instant());
		int budget = this.web.rateLimit().generatePerMinute();
		try {
			Response refused = null;
			long before = 0;
			for (int i = 0; i <= budget + 1 && refused == null; i++) {
				before = authorizationsOf(this.project.getId());
				Response answer = this.flows.form("/oauth2/device_authorization", Map.of("scope", "openid"),
						"Authorization", OidcFlows.basic(this.project.getId(), this.project.getSecretKey()));
				if (answer.status() != 200) {
					refused = answer;
				}
			}
			assertThat(refused).as("the per-address budget of " + budget + " runs out").isNotNull();
			assertThat(refused.status()).as(refused.body()).isEqualTo(429);
			assertThat(refused.field("error")).isEqualTo("temporarily_unavailable");
			assertThat(refused.body()).doesNotContain("device_code");
			assertThat(authorizationsOf(this.project.getId())).isEqualTo(before);
		}
		finally {
			// An emptied table only refills every bucket.
			this.jdbc.update("delete from rate_limit_buckets");
		}
	}

	private long authorizationsOf(String clientId) {
		return this.jdbc.queryForObject("select count(*) from oauth2_authorization where registered_client_id = ?",
				Long.class, clientId);
	}

	@Test
	void withoutOpenidTheRequestIsInvalidScope() {
		Response codes = this.flows.form("/oauth2/device_authorization", Map.of("scope", "profile"), "Authorization",
				OidcFlows.basic(this.project.getId(), this.project.getSecretKey()));
		assertThat(codes.status()).isEqualTo(400);
		assertThat(codes.field("error")).isEqualTo("invalid_scope");
		assertThat(codes.body()).doesNotContain("device_code");
	}

	@Test
	void thePhoneScopeMakesTheBotAskForTheContactAndAddsThePhoneClaims() throws Exception {
		JsonNode device = authorize(this.project, "openid phone");
		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.start(user, linkCode(device), "en"));
		Call request = this.bot.awaitOne("sendMessage", toChat(user));
		assertThat(request.param("text")).contains("asks for your phone number");
		webhook(TelegramUpdates.callback(user, user, 45, "c:" + linkCode(device), "en"));
		assertThat(poll(device.get("device_code").asString()).field("error")).as("no confirm before the contact")
			.isEqualTo("authorization_pending");
		webhook(TelegramUpdates.contact(user, user, "79001234567"));
		List<Call> replies = this.bot.await("sendMessage", toChat(user), 4, Duration.ofSeconds(10));
		assertThat(replies.get(replies.size() - 1).param("text")).contains("Sign-in request for Test App");
		webhook(TelegramUpdates.callback(user, user, 46, "c:" + linkCode(device), "en"));

		this.clock.advance(Duration.ofSeconds(5));
		Response tokens = poll(device.get("device_code").asString());
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		Map<String, Object> claims = verified(tokens.field("id_token")).getJWTClaimsSet().getClaims();
		assertThat(claims).containsEntry("phone_number", "+79001234567")
			.containsEntry("phone_number_verified", true)
			.doesNotContainKey("telegram_id");
	}

	@Test
	void theVerificationPageNamesTheProjectAndLinksItsBot() {
		JsonNode device = authorize(this.project, "openid");
		Response page = this.api.get(device.get("verification_uri").asString().substring(this.api.baseUrl().length()));
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("Test App").contains("href=\"https://t.me/").contains("Send it the code");
	}

	JsonNode authorize(Project client, String scope) {
		Response codes = this.flows.form("/oauth2/device_authorization", Map.of("scope", scope), "Authorization",
				OidcFlows.basic(client.getId(), client.getSecretKey()));
		assertThat(codes.status()).as(codes.body()).isEqualTo(200);
		assertThat(codes.header("Cache-Control")).contains("no-store");
		return codes.json();
	}

	Response poll(String deviceCode) {
		return this.flows.token(Map.of("grant_type", GRANT, "device_code", deviceCode), "Authorization",
				OidcFlows.basic(this.project.getId(), this.project.getSecretKey()));
	}

	void webhook(TelegramUpdate update) {
		Response response = this.api.post(WEBHOOK, update.json(), "X-Telegram-Bot-Api-Secret-Token",
				"test-webhook-secret");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	static String linkCode(JsonNode device) {
		String deeplink = device.get("verification_uri_complete").asString();
		return deeplink.substring(deeplink.indexOf("?start=") + "?start=".length());
	}

	private Long bound(JsonNode device) {
		return this.jdbc.queryForObject(
				"select bound_telegram_id from auth_sessions s join oidc_device_grants g on g.session_id = s.id"
						+ " where g.device_code_hash = ?",
				Long.class, (Object) RandomTokens.sha256(device.get("device_code").asString()));
	}

	private int interval(String deviceCode) {
		return this.jdbc.queryForObject("select interval_seconds from oidc_device_grants where device_code_hash = ?",
				Integer.class, (Object) RandomTokens.sha256(deviceCode));
	}

	/** A well-formed code that differs from {@code code} in its first letter. */
	private static String otherCode(String code, int shift) {
		String alphabet = "BCDFGHJKLMNPQRSTVWXZ";
		char first = alphabet.charAt((alphabet.indexOf(code.charAt(0)) + 1 + shift) % alphabet.length());
		return first + code.substring(1);
	}

	SignedJWT verified(String jwt) throws Exception {
		SignedJWT parsed = SignedJWT.parse(jwt);
		ECKey key = (ECKey) JWKSet.parse(this.api.get("/oauth2/jwks").body())
			.getKeyByKeyId(parsed.getHeader().getKeyID());
		assertThat(key).as("the token's kid is published").isNotNull();
		assertThat(parsed.verify(new ECDSAVerifier(key))).isTrue();
		return parsed;
	}

}
