package dev.bondify.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.BrowserForms;
import dev.bondify.support.BrowserForms.Page;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.WebhookReceiver;
import dev.bondify.support.WebhookReceiver.Received;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox page's buttons drive the same webhooks as the bot.
 */
class SandboxWebhookEventsIntegrationTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void confirmOnTheSandboxPageThenTheWebhookReceivesAuthConfirmedWithTheTestIdentity() {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			Project project = this.projects.sandbox(p -> p.setWebhookUrl(receiver.url()));
			Response generated = generate(project);
			String token = generated.field("session_token");
			String code = linkCode(generated);
			BrowserForms browser = new BrowserForms(this.api);
			Page page = browser.get("/sandbox/telegram?start=" + code);

			assertThat(browser.submit(page, "/sandbox/telegram/confirm", identity(code)).status()).isEqualTo(200);

			Received event = receiver.await(1).get(0);
			JsonNode body = JSON.readTree(event.body());
			assertThat(event.header("X-Bondify-Event")).isEqualTo("auth.confirmed");
			assertThat(body.get("session_token").asString()).isEqualTo(token);
			assertThat(body.get("telegram_id").asString()).isEqualTo("987654321");
			assertThat(body.get("telegram_name").asString()).isEqualTo("Test Person");
		}
	}

	@Test
	void cancelOnTheSandboxPageThenTheWebhookReceivesAuthCancelled() {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			Project project = this.projects.sandbox(p -> p.setWebhookUrl(receiver.url()));
			Response generated = generate(project);
			String token = generated.field("session_token");
			String code = linkCode(generated);
			BrowserForms browser = new BrowserForms(this.api);
			Page page = browser.get("/sandbox/telegram?start=" + code);

			assertThat(browser.submit(page, "/sandbox/telegram/cancel", Map.of("start", code)).status()).isEqualTo(200);

			Received event = receiver.await(1).get(0);
			assertThat(event.header("X-Bondify-Event")).isEqualTo("auth.cancelled");
			assertThat(JSON.readTree(event.body()).get("session_token").asString()).isEqualTo(token);
		}
	}

	private Response generate(Project project) {
		return this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + project.getId() + "\"}");
	}

	private static String linkCode(Response generated) {
		String deeplink = generated.field("deeplink");
		return deeplink.substring(deeplink.indexOf("?start=") + "?start=".length());
	}

	private static Map<String, String> identity(String code) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("start", code);
		fields.put("telegramId", "987654321");
		fields.put("name", "Test Person");
		fields.put("username", "");
		fields.put("phone", "");
		return fields;
	}

}
