package dev.bondify.telegram;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.bondify.project.Project;
import dev.bondify.support.WebhookReceiver;
import dev.bondify.support.WebhookReceiver.Received;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tap in Telegram reaches the project's webhook: the bot's confirm and cancel produce
 * the outbound events.
 */
class BotWebhookEventsIntegrationTest extends BotIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void confirmTappedInTelegramThenTheWebhookReceivesAuthConfirmed() {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			Project project = this.projects.live(p -> p.setWebhookUrl(receiver.url()));
			String token = generate(project, null);
			long user = TelegramUpdates.newUserId();
			webhook(TelegramUpdates.start(user, code(token), "en"));
			webhook(TelegramUpdates.callback(user, user, 5, "c:" + code(token), "en"));

			Received event = receiver.await(1).get(0);

			JsonNode body = JSON.readTree(event.body());
			assertThat(event.header("X-Bondify-Event")).isEqualTo("auth.confirmed");
			assertThat(body.get("session_token").asString()).isEqualTo(token);
			assertThat(body.get("telegram_id").isString()).isTrue();
			assertThat(body.get("telegram_id").asString()).isEqualTo(Long.toString(user));
			assertThat(body.get("telegram_username").asString()).isEqualTo("alexj" + user);
		}
	}

	@Test
	void cancelTappedInTelegramThenTheWebhookReceivesAuthCancelled() {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			Project project = this.projects.live(p -> p.setWebhookUrl(receiver.url()));
			String token = generate(project, null);
			long user = TelegramUpdates.newUserId();
			webhook(TelegramUpdates.start(user, code(token), "en"));
			webhook(TelegramUpdates.callback(user, user, 6, "x:" + code(token), "en"));

			Received event = receiver.await(1).get(0);

			assertThat(event.header("X-Bondify-Event")).isEqualTo("auth.cancelled");
			assertThat(JSON.readTree(event.body()).get("session_token").asString()).isEqualTo(token);
		}
	}

}
