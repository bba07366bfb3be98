package dev.bondify.oidc;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.FakeBotApi;
import dev.bondify.support.FakeBotApi.Call;
import dev.bondify.support.IntegrationTest;
import dev.bondify.telegram.TelegramUpdates;

import static dev.bondify.support.FakeBotApi.toChat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract points the first OpenID Connect release left open: discovery lists only
 * the client authentications accepted, a loopback {@code redirect_uri} must match exactly
 * (port included), and the {@code phone} scope makes the bot ask for the contact in the
 * code flow too.
 */
class OidcLooseEndsIntegrationTest extends IntegrationTest {

	private static final List<String> METHODS = List.of("client_secret_basic", "client_secret_post", "none");

	private final FakeBotApi bot = FakeBotApi.get();

	@AfterEach
	void behave() {
		this.bot.behave();
	}

	@Test
	void discoveryListsOnlyTheAcceptedClientAuthenticationsAndTheDeviceGrant() {
		for (String path : List.of("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server")) {
			Response discovery = this.api.get(path);
			assertThat(discovery.status()).isEqualTo(200);
			JsonNode document = discovery.json();
			assertThat(strings(document.get("token_endpoint_auth_methods_supported"))).as(path)
				.containsExactlyElementsOf(METHODS);
			assertThat(strings(document.get("grant_types_supported"))).as(path)
				.containsExactly("authorization_code", "urn:ietf:params:oauth:grant-type:device_code");
			assertThat(document.get("device_authorization_endpoint").asString()).as(path)
				.isEqualTo(this.api.baseUrl() + "/oauth2/device_authorization");
			for (String endpoint : List.of("revocation_endpoint_auth_methods_supported",
					"introspection_endpoint_auth_methods_supported")) {
				if (document.has(endpoint)) {
					assertThat(strings(document.get(endpoint))).as(path + " " + endpoint)
						.containsExactlyElementsOf(METHODS);
				}
			}
		}
	}

	@Test
	void aLoopbackRedirectWithAnotherPortIsAnErrorPageNeverARedirect() {
		Project project = this.projects.sandbox();
		this.jdbc.update("update projects set redirect_uris = ?::text[] where id = ?",
				"{http://127.0.0.1:9/cb,http://[::1]:9/cb}", project.getId());
		OidcFlows flows = new OidcFlows(this.api);
		String verifier = UUID.randomUUID() + "-loopback";
		for (String redirect : List.of("http://127.0.0.1:8080/cb", "http://127.0.0.1/cb", "http://[::1]:10/cb")) {
			Response refused = flows.authorize(OidcFlows.query(OidcFlows.request(project.getId(), redirect, verifier)));
			assertThat(refused.status()).as(redirect).isEqualTo(400);
			assertThat(refused.header("Content-Type")).startsWith("text/html");
			assertThat(refused.header("Location")).as(redirect).isNull();
		}
		assertThat(flows.open(OidcFlows.query(OidcFlows.request(project.getId(), "http://127.0.0.1:9/cb", verifier)))
			.response()
			.status()).isEqualTo(200);
	}

	@Test
	void thePhoneScopeMakesTheBotAskForTheContactInTheCodeFlow() throws Exception {
		String redirect = "https://app.example.com/cb";
		Project project = this.projects.live();
		this.jdbc.update("update projects set redirect_uris = ?::text[] where id = ?", "{" + redirect + "}",
				project.getId());
		OidcFlows flows = new OidcFlows(this.api);
		String verifier = UUID.randomUUID() + "-phone";
		Map<String, String> request = OidcFlows.request(project.getId(), redirect, verifier);
		request.put("scope", "openid phone");
		OidcFlows.SignInPage page = flows.open(OidcFlows.query(request));
		assertThat(page.response().body()).contains("id=\"phone-note\"");
		String linkCode = page.deeplink().substring(page.deeplink().indexOf("?start=") + "?start=".length());

		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.start(user, linkCode, "en"));
		Call asked = this.bot.awaitOne("sendMessage", toChat(user));
		assertThat(asked.param("text")).contains("asks for your phone number");
		webhook(TelegramUpdates.contact(user, user, "+447700900123"));
		List<Call> replies = this.bot.await("sendMessage", toChat(user), 3, Duration.ofSeconds(10));
		assertThat(replies.get(2).param("text")).contains("Sign-in request for Test App");
		webhook(TelegramUpdates.callback(user, user, 61, "c:" + linkCode, "en"));

		assertThat(flows.await(page).field("status")).isEqualTo("confirmed");
		Response next = flows.next(page);
		URI back = flows.follow(next.field("location"));
		Response tokens = flows.token(
				Map.of("grant_type", "authorization_code", "code", OidcFlows.parameters(back).get("code"),
						"redirect_uri", redirect, "code_verifier", verifier),
				"Authorization", OidcFlows.basic(project.getId(), project.getSecretKey()));
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		Map<String, Object> claims = SignedJWT.parse(tokens.field("id_token")).getJWTClaimsSet().getClaims();
		assertThat(claims).containsEntry("phone_number", "+447700900123").containsEntry("phone_number_verified", true);
		Response userinfo = this.api.get("/userinfo", "Authorization", "Bearer " + tokens.field("access_token"));
		assertThat(userinfo.json().get("phone_number").asString()).isEqualTo("+447700900123");
	}

	@Test
	void withoutThePhoneScopeTheBotGoesStraightToThePrompt() {
		String redirect = "https://app.example.com/cb";
		Project project = this.projects.live();
		this.jdbc.update("update projects set redirect_uris = ?::text[] where id = ?", "{" + redirect + "}",
				project.getId());
		OidcFlows.SignInPage page = new OidcFlows(this.api)
			.open(OidcFlows.query(OidcFlows.request(project.getId(), redirect, UUID.randomUUID() + "-nophone")));
		assertThat(page.response().body()).doesNotContain("id=\"phone-note\"");
		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.start(user,
				page.deeplink().substring(page.deeplink().indexOf("?start=") + "?start=".length()), "en"));
		Call prompt = this.bot.awaitOne("sendMessage", toChat(user));
		assertThat(prompt.param("text")).contains("Sign-in request for Test App").contains("app.example.com");
	}

	private void webhook(TelegramUpdates.TelegramUpdate update) {
		Response response = this.api.post(DeviceAuthorizationGrantIntegrationTest.WEBHOOK, update.json(),
				"X-Telegram-Bot-Api-Secret-Token", "test-webhook-secret");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	private static List<String> strings(JsonNode array) {
		assertThat(array).isNotNull();
		return array.valueStream().map(JsonNode::asString).toList();
	}

}
