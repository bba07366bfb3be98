package dev.bondify.telegram;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.FakeBotApi;
import dev.bondify.telegram.TelegramUpdates.TelegramUpdate;

import static dev.bondify.support.FakeBotApi.toChat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook endpoint itself: the secret header, redelivered updates, bad bodies, and a
 * Bot API that fails or times out after the state change.
 */
class TelegramWebhookIntegrationTest extends BotIntegrationTest {

	@Autowired
	ProcessedUpdates processedUpdates;

	@Nested
	class WebhookSecurity {

		@Test
		void wrongOrMissingSecretIsRejectedAndNothingHappens() {
			Project project = projects.live();
			String token = generate(project, null);
			long user = TelegramUpdates.newUserId();
			TelegramUpdate start = TelegramUpdates.start(user, code(token), "en");
			long recorded = count("telegram_updates");

			Response wrong = api.post(WEBHOOK, start.json(), TelegramWebhookController.SECRET_HEADER, "wrong-secret");
			Response missing = api.post(WEBHOOK, start.json());
			Response prefix = api.post(WEBHOOK, start.json(), TelegramWebhookController.SECRET_HEADER, "test-webhook");

			for (Response response : List.of(wrong, missing, prefix)) {
				assertThat(response.status()).isEqualTo(401);
				assertThat(response.code()).isEqualTo("UNAUTHORIZED");
				assertThat(response.field("error")).isNotBlank();
			}
			assertThat(count("telegram_updates")).isEqualTo(recorded);
			assertThat(sessionService.find(token).orElseThrow().boundTelegramId()).isNull();
			// The same update with the right secret is then processed normally (it was
			// not recorded as seen).
			webhook(start);
			assertThat(bot.awaitOne("sendMessage", toChat(user)).param("text")).contains("Sign-in request");
		}

		@Test
		void redeliveredUpdateIdHasOneEffect() {
			Project project = projects.live();
			String token = generate(project, null);
			long user = TelegramUpdates.newUserId();
			TelegramUpdate start = TelegramUpdates.start(user, code(token), "en");
			double duplicatesBefore = counter("duplicate");

			webhook(start);
			bot.awaitOne("sendMessage", toChat(user));
			webhook(start);

			assertThat(counter("duplicate")).isEqualTo(duplicatesBefore + 1);
			assertThat(jdbc.queryForObject("select count(*) from telegram_updates where update_id = ?", Long.class,
					start.updateId()))
				.isEqualTo(1);
			webhook(TelegramUpdates.text(user, "/help", "en"));
			bot.await("sendMessage", toChat(user), 2, Duration.ofSeconds(10));
			assertThat(bot.calls("sendMessage", toChat(user)))
				.filteredOn(call -> call.param("text").contains("Sign-in request"))
				.hasSize(1);
		}

		@Test
		void updateIdsAreForgottenAfterTheRetention() {
			long old = TelegramUpdates.start(1, "x", "en").updateId();
			long recent = TelegramUpdates.start(1, "x", "en").updateId();
			jdbc.update("insert into telegram_updates (bot_id, update_id, received_at) values (?, ?, ?)", 123456, old,
					java.sql.Timestamp.from(clock.instant().minus(ProcessedUpdates.RETENTION).minusSeconds(60)));
			jdbc.update("insert into telegram_updates (bot_id, update_id, received_at) values (?, ?, ?)", 123456,
					recent, java.sql.Timestamp.from(clock.instant().minus(Duration.ofHours(1))));

			processedUpdates.deleteExpired();

			assertThat(jdbc.queryForList("select update_id from telegram_updates where update_id in (?, ?)", Long.class,
					old, recent))
				.containsExactly(recent);
		}

		@Test
		void malformedBodyWithTheRightSecretIsInvalid() {
			Response response = api.post(WEBHOOK, "{\"message\":", TelegramWebhookController.SECRET_HEADER, SECRET);
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.code()).isEqualTo("INVALID_REQUEST");
		}

	}

	@Nested
	class WhenTelegramFails {

		@Test
		void botApiAnswering500DoesNotLoseTheStateChange() {
			bot.failWith(FakeBotApi.Failure.HTTP_500);
			assertStateSurvivesTelegramFailure();
		}

		@Test
		void botApiAnsweringNotOkDoesNotLoseTheStateChange() {
			bot.failWith(FakeBotApi.Failure.NOT_OK);
			assertStateSurvivesTelegramFailure();
		}

		@Test
		void botApiTimingOutDoesNotSlowTheWebhookNorLoseTheStateChange() {
			bot.delayBy(Duration.ofSeconds(3));
			assertStateSurvivesTelegramFailure();
		}

		private void assertStateSurvivesTelegramFailure() {
			Project project = projects.live();
			String token = generate(project, null);
			long user = TelegramUpdates.newUserId();

			long started = System.nanoTime();
			webhook(TelegramUpdates.start(user, code(token), "en"));
			webhook(TelegramUpdates.callback(user, user, 12, "c:" + code(token), "en"));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

			assertThat(bot.awaitOne("sendMessage", toChat(user))).isNotNull();
			Response verified = verify(project, token);
			assertThat(verified.field("status")).isEqualTo("confirmed");
			assertThat(verified.field("telegram_id")).isEqualTo(Long.toString(user));
		}

	}

}
