package dev.bondify.oidc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.FakeBotApi;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.MutableClock;
import dev.bondify.support.SecondInstance;
import dev.bondify.system.ChangeNotifications;
import dev.bondify.telegram.TelegramUpdates;

import static dev.bondify.support.FakeBotApi.toChat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one database: a device authorization made on one is polled on the
 * other, the polling pace is one for both ({@code slow_down} across instances), and of
 * two polls racing on both instances after the confirmation exactly one gets the tokens.
 */
class DeviceGrantTwoInstanceIntegrationTest extends IntegrationTest {

	@RegisterExtension
	static final SecondInstance other = new SecondInstance();

	@Test
	void authorizedOnOneInstancePolledAndRedeemedOnceAcrossBoth() throws Exception {
		await().atMost(Duration.ofSeconds(20)).until(() -> other.getBean(ChangeNotifications.class).isListening());
		MutableClock otherClock = other.getBean(MutableClock.class);
		Instant start = Instant.now().minusSeconds(60);
		this.clock.set(start);
		otherClock.set(start);
		Project project = this.projects.live();
		OidcFlows here = new OidcFlows(this.api);
		OidcFlows there = new OidcFlows(new ApiClient(other.port()));
		String basic = OidcFlows.basic(project.getId(), project.getSecretKey());

		Response codes = here.form("/oauth2/device_authorization", Map.of("scope", "openid profile"), "Authorization",
				basic);
		assertThat(codes.status()).as(codes.body()).isEqualTo(200);
		JsonNode device = codes.json();
		Map<String, String> poll = Map.of("grant_type", DeviceAuthorizationGrantIntegrationTest.GRANT, "device_code",
				device.get("device_code").asString());

		assertThat(there.token(poll, "Authorization", basic).field("error")).isEqualTo("authorization_pending");
		assertThat(here.token(poll, "Authorization", basic).field("error")).as("the other instance's poll counts")
			.isEqualTo("slow_down");

		long user = TelegramUpdates.newUserId();
		post(TelegramUpdates.start(user, DeviceAuthorizationGrantIntegrationTest.linkCode(device), "en"));
		FakeBotApi.get().awaitOne("sendMessage", toChat(user));
		post(TelegramUpdates.callback(user, user, 51, "c:" + DeviceAuthorizationGrantIntegrationTest.linkCode(device),
				"en"));

		this.clock.advance(Duration.ofSeconds(30));
		otherClock.advance(Duration.ofSeconds(30));
		CompletableFuture<Response> onThis = CompletableFuture
			.supplyAsync(() -> here.token(poll, "Authorization", basic));
		CompletableFuture<Response> onOther = CompletableFuture
			.supplyAsync(() -> there.token(poll, "Authorization", basic));
		List<Response> answers = List.of(onThis.get(), onOther.get());
		assertThat(answers).extracting(Response::status).containsExactlyInAnyOrder(200, 400);
		Response refused = answers.stream().filter((answer) -> answer.status() == 400).findFirst().orElseThrow();
		assertThat(refused.field("error")).isIn("invalid_grant", "slow_down");
		Response tokens = answers.stream().filter((answer) -> answer.status() == 200).findFirst().orElseThrow();
		assertThat(tokens.field("id_token")).isNotBlank();

		this.clock.advance(Duration.ofSeconds(30));
		otherClock.advance(Duration.ofSeconds(30));
		assertThat(there.token(poll, "Authorization", basic).field("error")).isEqualTo("invalid_grant");
		Response userinfo = there.form("/userinfo", Map.of(), "Authorization",
				"Bearer " + tokens.field("access_token"));
		assertThat(userinfo.status()).as(userinfo.body()).isEqualTo(200);
		assertThat(userinfo.json().get("telegram_id").asString()).isEqualTo(Long.toString(user));
	}

	private void post(TelegramUpdates.TelegramUpdate update) {
		Response response = this.api.post(DeviceAuthorizationGrantIntegrationTest.WEBHOOK, update.json(),
				"X-Telegram-Bot-Api-Secret-Token", "test-webhook-secret");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

}
