package dev.bondify.telegram;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.FakeBotApi.Call;
import dev.bondify.telegram.TelegramUpdates.TelegramUpdate;

import static dev.bondify.support.FakeBotApi.toChat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bot end to end: Telegram-shaped updates posted to the real webhook endpoint,
 * replies observed on a fake Bot API, state observed through verify.
 */
class TelegramBotIntegrationTest extends BotIntegrationTest {

	@Test
	void startThenConfirmShowsThePromptAndVerifyReturnsTheTelegramIdentity() {
		Project project = this.projects.live(p -> p.setName("Acme Shop"));
		String token = generate(project, "https://shop.example");
		long user = TelegramUpdates.newUserId();

		webhook(TelegramUpdates.start(user, code(token), "en"));

		Call prompt = this.bot.awaitOne("sendMessage", toChat(user));
		assertThat(prompt.param("text")).contains("Acme Shop")
			.contains("https://shop.example")
			.contains("203.0.113.7")
			.contains("Confirm only a sign-in you started yourself");
		List<JsonNode> buttons = buttons(prompt);
		assertThat(buttons).extracting(button -> button.get("text").asString())
			.containsExactly("✅ Confirm", "❌ Cancel");
		assertThat(buttons).extracting(button -> button.get("callback_data").asString())
			.containsExactly("c:" + code(token), "x:" + code(token));
		assertThat(("c:" + code(token)).getBytes()).hasSizeLessThanOrEqualTo(64);
		assertThat(verify(project, token).field("status")).isEqualTo("pending");

		TelegramUpdate tap = TelegramUpdates.callback(user, user, 777, "c:" + code(token), "en");
		webhook(tap);

		Response verified = verify(project, token);
		assertThat(verified.field("status")).isEqualTo("confirmed");
		assertThat(verified.json().get("telegram_id").isString()).isTrue();
		assertThat(verified.field("telegram_id")).isEqualTo(Long.toString(user));
		assertThat(verified.field("telegram_name")).isEqualTo("Alex Johnson");
		assertThat(verified.field("telegram_username")).isEqualTo("alexj" + user);
		assertThat(verified.json().get("telegram_phone").isNull()).isTrue();

		Call edit = this.bot.awaitOne("editMessageText", toChat(user));
		assertThat(edit.param("message_id")).isEqualTo("777");
		assertThat(edit.param("text")).isEqualTo("✅ Signed in to Acme Shop — you can return to the app.");
		assertThat(edit.params().has("reply_markup")).isFalse();
		Call answer = this.bot.awaitOne("answerCallbackQuery", call -> call.param("callback_query_id") != null
				&& call.param("callback_query_id").equals(callbackId(tap)));
		assertThat(answer.param("text")).contains("Acme Shop");
	}

	@Test
	void cancelEditsThePromptAndVerifyReturnsCancelled() {
		Project project = this.projects.live();
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.start(user, code(token), "en"));
		this.bot.awaitOne("sendMessage", toChat(user));

		webhook(TelegramUpdates.callback(user, user, 55, "x:" + code(token), "en"));

		Response verified = verify(project, token);
		assertThat(verified.field("status")).isEqualTo("cancelled");
		assertThat(verified.json().get("cancelled_at").isIntegralNumber()).isTrue();
		assertThat(this.bot.awaitOne("editMessageText", toChat(user)).param("text")).isEqualTo("❌ Sign-in cancelled.");
	}

	@Test
	void reopeningTheLinkFromTheSameAccountSendsThePromptAgain() {
		Project project = this.projects.live();
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.start(user, code(token), "en"));
		webhook(TelegramUpdates.start(user, code(token), "en"));

		List<Call> prompts = this.bot.await("sendMessage", toChat(user), 2, Duration.ofSeconds(10));
		assertThat(prompts).hasSize(2).allSatisfy(prompt -> assertThat(buttons(prompt)).hasSize(2));
		assertThat(this.sessionService.find(token).orElseThrow().boundTelegramId()).isEqualTo(user);
	}

	@Test
	void russianUsersGetRussianTexts() {
		Project project = this.projects.live(p -> p.setName("Магазин"));
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();

		webhook(TelegramUpdates.start(user, code(token), "ru"));

		Call prompt = this.bot.awaitOne("sendMessage", toChat(user));
		assertThat(prompt.param("text")).contains("Запрос на вход в Магазин")
			.contains("Подтверждайте только вход, который вы начали сами");
		assertThat(buttons(prompt)).extracting(button -> button.get("text").asString())
			.containsExactly("✅ Подтвердить", "❌ Отменить");

		webhook(TelegramUpdates.callback(user, user, 9, "c:" + code(token), "ru"));
		assertThat(this.bot.awaitOne("editMessageText", toChat(user)).param("text"))
			.isEqualTo("✅ Вы вошли в Магазин — можно вернуться в приложение.");
	}

	@Test
	void startWithoutPayloadHelpAndOtherTextExplainTheBot() {
		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.text(user, "/start", "en"));
		webhook(TelegramUpdates.text(user, "/help", "en"));
		webhook(TelegramUpdates.text(user, "hello?", "de"));

		List<Call> replies = this.bot.await("sendMessage", toChat(user), 3, Duration.ofSeconds(10));
		assertThat(replies).hasSize(3)
			.allSatisfy(reply -> assertThat(reply.param("text")).startsWith("This bot confirms sign-ins"));
	}

	@Test
	void groupChatUpdatesAreIgnored() {
		Project project = this.projects.live();
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		double ignoredBefore = counter("ignored");

		webhook(TelegramUpdates.startInGroup(user, code(token)));

		assertThat(counter("ignored")).isEqualTo(ignoredBefore + 1);
		assertThat(this.sessionService.find(token).orElseThrow().boundTelegramId()).isNull();
		// A later private message is answered; nothing was ever sent for the group
		// update.
		webhook(TelegramUpdates.text(user, "/help", "en"));
		this.bot.awaitOne("sendMessage", toChat(user));
		assertThat(this.bot.calls("sendMessage", toChat(-1001234567890L))).isEmpty();
		assertThat(this.bot.calls("sendMessage", toChat(user))).hasSize(1);
	}

	@Nested
	class WhenTheLinkCannotBeUsed {

		@Test
		void unknownOrMalformedTokenIsNotValid() {
			long user = TelegramUpdates.newUserId();
			webhook(TelegramUpdates.start(user, "sess_" + "A".repeat(43), "en"));
			webhook(TelegramUpdates.start(user, "not-a-token", "en"));

			assertThat(bot.await("sendMessage", toChat(user), 2, Duration.ofSeconds(10)))
				.extracting(call -> call.param("text"))
				.containsOnly("This sign-in link is not valid. Go back to the app and start the sign-in again.");
		}

		@Test
		void expiredTokenSaysSoAndChangesNothing() {
			Project project = projects.live();
			String token = generate(project, null);
			clock.advance(Duration.ofMinutes(11));
			long user = TelegramUpdates.newUserId();

			webhook(TelegramUpdates.start(user, code(token), "en"));

			assertThat(bot.awaitOne("sendMessage", toChat(user)).param("text")).contains("has expired");
			assertThat(sessionService.find(token).orElseThrow().boundTelegramId()).isNull();
		}

		@Test
		void finishedSessionSaysItIsFinished() {
			Project project = projects.live();
			String token = generate(project, null);
			long user = TelegramUpdates.newUserId();
			webhook(TelegramUpdates.start(user, code(token), "en"));
			webhook(TelegramUpdates.callback(user, user, 1, "c:" + code(token), "en"));

			webhook(TelegramUpdates.start(user, code(token), "en"));

			assertThat(bot.await("sendMessage", toChat(user), 2, Duration.ofSeconds(10)))
				.extracting(call -> call.param("text"))
				.contains("This sign-in is already finished: it was confirmed.");
		}

		@Test
		void secondAccountOpeningABoundLinkIsRefused() {
			Project project = projects.live();
			String token = generate(project, null);
			long owner = TelegramUpdates.newUserId();
			long intruder = TelegramUpdates.newUserId();
			webhook(TelegramUpdates.start(owner, code(token), "en"));

			webhook(TelegramUpdates.start(intruder, code(token), "en"));

			Call refusal = bot.awaitOne("sendMessage", toChat(intruder));
			assertThat(refusal.param("text")).contains("already opened from another Telegram account");
			assertThat(refusal.params().has("reply_markup")).isFalse();
			assertThat(sessionService.find(token).orElseThrow().boundTelegramId()).isEqualTo(owner);
			webhook(TelegramUpdates.callback(owner, owner, 3, "c:" + code(token), "en"));
			assertThat(verify(project, token).field("telegram_id")).isEqualTo(Long.toString(owner));
		}

	}

	@Nested
	class WhenATapChangesNothing {

		@Test
		void tapByAnotherUserSaysWhyAndLeavesTheSessionPending() {
			Project project = projects.live();
			String token = generate(project, null);
			long owner = TelegramUpdates.newUserId();
			long other = TelegramUpdates.newUserId();
			webhook(TelegramUpdates.start(owner, code(token), "en"));

			TelegramUpdate confirm = TelegramUpdates.callback(other, other, 5, "c:" + code(token), "en");
			TelegramUpdate cancel = TelegramUpdates.callback(other, other, 5, "x:" + code(token), "en");
			webhook(confirm);
			webhook(cancel);

			assertThat(answerTo(confirm).param("text")).contains("belongs to another Telegram account");
			assertThat(answerTo(cancel).param("text")).contains("belongs to another Telegram account");
			assertThat(verify(project, token).field("status")).isEqualTo("pending");
			assertThat(bot.calls("editMessageText", toChat(other))).isEmpty();
		}

		@Test
		void secondTapConfirmsOnceAndSaysItIsAlreadyDone() {
			Project project = projects.live();
			String token = generate(project, null);
			long user = TelegramUpdates.newUserId();
			webhook(TelegramUpdates.start(user, code(token), "en"));
			webhook(TelegramUpdates.callback(user, user, 8, "c:" + code(token), "en"));

			TelegramUpdate again = TelegramUpdates.callback(user, user, 8, "c:" + code(token), "en");
			TelegramUpdate cancelAfter = TelegramUpdates.callback(user, user, 8, "x:" + code(token), "en");
			webhook(again);
			webhook(cancelAfter);

			assertThat(answerTo(again).param("text")).contains("already confirmed");
			assertThat(answerTo(cancelAfter).param("text")).contains("already confirmed");
			assertThat(verify(project, token).field("status")).isEqualTo("confirmed");
			assertThat(bot.calls("editMessageText", toChat(user))).hasSize(1);
		}

		@Test
		void tapAfterExpirySaysSoAndVerifyReportsExpired() {
			Project project = projects.live();
			String token = generate(project, null);
			long user = TelegramUpdates.newUserId();
			webhook(TelegramUpdates.start(user, code(token), "en"));
			clock.advance(Duration.ofMinutes(10));

			TelegramUpdate tap = TelegramUpdates.callback(user, user, 4, "c:" + code(token), "en");
			webhook(tap);

			assertThat(answerTo(tap).param("text")).contains("expired");
			assertThat(verify(project, token).field("status")).isEqualTo("expired");
			assertThat(bot.calls("editMessageText", toChat(user))).isEmpty();
		}

	}

}
