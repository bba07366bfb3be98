package dev.bondify.telegram;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import org.telegram.telegrambots.meta.api.objects.User;
import tools.jackson.databind.node.ObjectNode;

import dev.bondify.project.Project;
import dev.bondify.session.SessionStatus;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.telegram.TelegramUpdates.TelegramUpdate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Updates with a valid secret but pieces missing (callback queries without id, sender or
 * message; messages without chat, chat id, sender id or {@code is_bot}) are answered 200
 * and ignored, never 500; updates carrying text that breaks {@code TextRules} are refused
 * with 400 before anything is recorded.
 */
class TelegramIncompleteUpdatesIntegrationTest extends BotIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void callbackQueryWithoutIdIsIgnored() {
		Project project = this.projects.live();
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.start(user, token, "en"));
		TelegramUpdate tap = edit(TelegramUpdates.callback(user, user, 7, BotReplies.CONFIRM_PREFIX + token, "en"),
				update -> ((ObjectNode) update.get("callback_query")).remove("id"));

		webhook(tap);

		assertThat(this.sessionService.find(token).orElseThrow().status()).isEqualTo(SessionStatus.PENDING);
	}

	@Test
	void callbackQueryWithoutSenderIsIgnored() {
		Project project = this.projects.live();
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.start(user, token, "en"));
		TelegramUpdate tap = edit(TelegramUpdates.callback(user, user, 7, BotReplies.CONFIRM_PREFIX + token, "en"),
				update -> ((ObjectNode) update.get("callback_query")).remove("from"));

		webhook(tap);

		assertThat(this.sessionService.find(token).orElseThrow().status()).isEqualTo(SessionStatus.PENDING);
	}

	@Test
	void callbackQueryWithoutMessageOrWithAMessageWithoutIdsIsAnswered200() {
		long user = TelegramUpdates.newUserId();
		TelegramUpdate withoutMessage = edit(TelegramUpdates.callback(user, user, 7, "c:unknown", "en"),
				update -> ((ObjectNode) update.get("callback_query")).remove("message"));
		TelegramUpdate withoutMessageId = edit(TelegramUpdates.callback(user, user, 7, "c:unknown", "en"),
				update -> ((ObjectNode) update.get("callback_query").get("message")).remove("message_id"));
		TelegramUpdate withoutChatId = edit(TelegramUpdates.callback(user, user, 7, "c:unknown", "en"),
				update -> ((ObjectNode) update.get("callback_query").get("message").get("chat")).remove("id"));

		webhook(withoutMessage);
		webhook(withoutMessageId);
		webhook(withoutChatId);
	}

	@Test
	void messagesWithoutChatChatIdOrSenderIdAreIgnored() {
		Project project = this.projects.live();
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		TelegramUpdate withoutChat = edit(TelegramUpdates.start(user, token, "en"),
				update -> ((ObjectNode) update.get("message")).remove("chat"));
		TelegramUpdate withoutChatId = edit(TelegramUpdates.start(user, token, "en"),
				update -> ((ObjectNode) update.get("message").get("chat")).remove("id"));
		TelegramUpdate withoutSenderId = edit(TelegramUpdates.start(user, token, "en"),
				update -> ((ObjectNode) update.get("message").get("from")).remove("id"));
		TelegramUpdate withoutFirstName = edit(TelegramUpdates.start(user, token, "en"),
				update -> ((ObjectNode) update.get("message").get("from")).remove("first_name"));

		webhook(withoutChat);
		webhook(withoutChatId);
		webhook(withoutSenderId);
		webhook(withoutFirstName);

		assertThat(this.sessionService.find(token).orElseThrow().boundTelegramId()).isNull();
	}

	@Test
	void senderWithoutIsBotIsAnswered200AndIgnored() {
		Project project = this.projects.live();
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		TelegramUpdate start = edit(TelegramUpdates.start(user, token, "en"),
				update -> ((ObjectNode) update.get("message").get("from")).remove("is_bot"));

		webhook(start);

		assertThat(this.sessionService.find(token).orElseThrow().boundTelegramId()).isNull();
	}

	@Test
	void controlCharactersInNamesOrTextAreRefusedBeforeAnythingIsRecorded() {
		Project project = this.projects.live();
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		long recorded = count("telegram_updates");
		TelegramUpdate nulInName = edit(TelegramUpdates.start(user, token, "en"),
				update -> ((ObjectNode) update.get("message").get("from")).put("first_name", "Al\u0000ex"));
		TelegramUpdate start = edit(TelegramUpdates.start(user, token, "en"),
				update -> ((ObjectNode) update.get("message")).put("text", "/start LONE"));
		// As the escape: a Java string with a lone surrogate cannot be sent as UTF-8.
		TelegramUpdate surrogateInText = new TelegramUpdate(start.updateId(),
				start.json().replace("/start LONE", "/start \\ud800"));

		for (TelegramUpdate update : new TelegramUpdate[] { nulInName, surrogateInText }) {
			Response response = this.api.post(WEBHOOK, update.json(), TelegramWebhookController.SECRET_HEADER, SECRET);
			assertThat(response.status()).as(response.body()).isEqualTo(400);
			assertThat(response.code()).isEqualTo("INVALID_REQUEST");
		}
		assertThat(count("telegram_updates")).isEqualTo(recorded);
		assertThat(this.sessionService.find(token).orElseThrow().boundTelegramId()).isNull();
	}

	@Test
	void namesThatBreakTheTextRuleAreNotUsableOnThePollingPath() {
		assertThat(TelegramUpdateHandler.isUsable(new User(42L, "Al\u0000ex", false))).isFalse();
		assertThat(TelegramUpdateHandler.isUsable(new User(42L, "Alex\ud800", false))).isFalse();
		assertThat(TelegramUpdateHandler.isUsable(new User(42L, "Alex 😀", false))).isTrue();
		assertThat(TelegramUpdateHandler.isUsable(null)).isFalse();
	}

	private static TelegramUpdate edit(TelegramUpdate update, Consumer<ObjectNode> change) {
		ObjectNode tree = (ObjectNode) JSON.readTree(update.json());
		change.accept(tree);
		return new TelegramUpdate(update.updateId(), JSON.writeValueAsString(tree));
	}

}
