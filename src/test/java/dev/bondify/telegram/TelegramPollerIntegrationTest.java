package dev.bondify.telegram;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;
import org.mockito.Mockito;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.CannotCreateTransactionException;

import dev.bondify.project.Project;
import dev.bondify.support.FakeBotApi.Call;
import dev.bondify.telegram.TelegramUpdates.TelegramUpdate;

import static dev.bondify.support.FakeBotApi.toChat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Polling mode against the fake Bot API's {@code getUpdates}: a poller built like the
 * production one, handing updates to the application's own processor (and so sharing the
 * webhook's dedupe).
 */
class TelegramPollerIntegrationTest extends BotIntegrationTest {

	@Autowired
	TelegramUpdateProcessor processor;

	@Test
	void pollingConsumesUpdatesAdvancesTheOffsetAndSkipsUpdatesAlreadyHandled() {
		Project project = this.projects.live();
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		TelegramUpdate start = TelegramUpdates.start(user, code(token), "en");
		webhook(start);
		this.bot.awaitOne("sendMessage", toChat(user));
		TelegramUpdate confirm = TelegramUpdates.callback(user, user, 21, "c:" + code(token), "en");
		this.bot.enqueueUpdate(start.json());
		this.bot.enqueueUpdate(confirm.json());
		long deleteWebhooksBefore = this.bot.calls("deleteWebhook", call -> true).size();

		TelegramPoller poller = new TelegramPoller(
				new OkHttpTelegramClient("123456:test-token",
						TelegramConfiguration.telegramUrl(java.net.URI.create(this.bot.url()))),
				this.processor, Duration.ofSeconds(1), true);
		poller.start();
		try {
			Call next = this.bot.awaitOne("getUpdates",
					call -> Long.toString(confirm.updateId() + 1).equals(call.param("offset")));
			assertThat(next.json("allowed_updates")).extracting(node -> node.asString())
				.containsExactly("message", "callback_query");
			assertThat(verify(project, token).field("status")).isEqualTo("confirmed");
			assertThat(poller.offset()).isEqualTo(confirm.updateId() + 1);
			assertThat(this.bot.calls("sendMessage", toChat(user))).as("the redelivered /start is not handled again")
				.hasSize(1);
			assertThat(this.bot.calls("deleteWebhook", call -> true)).hasSize((int) deleteWebhooksBefore + 1);
		}
		finally {
			poller.stop();
		}
		assertThat(poller.isRunning()).isFalse();
	}

	@Test
	void updateThatMeetsADatabaseOutageIsRetriedNotSkipped() {
		Project project = this.projects.live();
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		TelegramUpdate start = TelegramUpdates.start(user, code(token), "en");
		this.bot.enqueueUpdate(start.json());
		TelegramUpdateProcessor flaky = Mockito.mock(TelegramUpdateProcessor.class);
		Mockito.doThrow(new CannotCreateTransactionException("Could not open JPA EntityManager"))
			.doAnswer(invocation -> {
				this.processor.process(invocation.getArgument(0));
				return null;
			})
			.when(flaky)
			.process(ArgumentMatchers.any());

		TelegramPoller poller = new TelegramPoller(
				new OkHttpTelegramClient("123456:test-token",
						TelegramConfiguration.telegramUrl(java.net.URI.create(this.bot.url()))),
				flaky, Duration.ofSeconds(1), true);
		poller.start();
		try {
			this.bot.awaitOne("sendMessage", toChat(user));
			this.bot.awaitOne("getUpdates", call -> Long.toString(start.updateId() + 1).equals(call.param("offset")));
			Mockito.verify(flaky, Mockito.times(2)).process(ArgumentMatchers.any());
			assertThat(poller.offset()).isEqualTo(start.updateId() + 1);
		}
		finally {
			poller.stop();
		}
	}

}
