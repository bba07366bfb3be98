package dev.bondify.telegram;

import java.net.URI;
import java.time.Duration;

import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.FakeBotApi.Call;
import dev.bondify.support.TestDevelopers.Developer;
import dev.bondify.telegram.OwnBotIntegrationTest.Bot;
import dev.bondify.telegram.TelegramProperties.Mode;
import dev.bondify.telegram.TelegramUpdates.TelegramUpdate;

import static dev.bondify.support.FakeBotApi.toChat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Polling mode serves projects' own bots: each bot is polled with its own token and its
 * updates are handled as that bot's; a 401 stops that bot's poller and marks it revoked.
 */
class OwnBotPollingIntegrationTest extends BotIntegrationTest {

	@Autowired
	BotClients bots;

	@Autowired
	BotApiSender sender;

	@Autowired
	TelegramUpdateProcessor processor;

	@Autowired
	TelegramClientProperties client;

	@Autowired
	OkHttpClient telegramHttpClient;

	@Test
	void anOwnBotIsPolledWithItsTokenAndARevokedOneStops() {
		Developer developer = this.developers.register();
		Bot acme = OwnBotIntegrationTest.newBotOn(this.bot);
		Response created = this.api.post("/api/v1/dev/projects",
				"{\"name\":\"Acme\",\"bot_token\":\"" + acme.token() + "\"}", developer.auth());
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		String projectId = created.field("id");
		Response generated = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + projectId + "\"}");
		String code = linkCode(generated.field("deeplink"));
		long user = TelegramUpdates.newUserId();
		TelegramUpdate start = TelegramUpdates.start(user, code, "en");
		this.bot.enqueueUpdate(acme.token(), start.json());
		OwnBotPollers pollers = new OwnBotPollers(this.bots, this.sender, this.processor, this.client,
				this.telegramHttpClient,
				new TelegramProperties(Mode.POLLING, null, null, null, URI.create(this.bot.url())));

		pollers.start();
		try {
			Call prompt = this.bot.awaitOne("sendMessage", toChat(user));
			assertThat(prompt.token()).isEqualTo(acme.token());
			assertThat(prompt.param("text")).contains("Acme");
			assertThat(this.bot.callsWith(acme.token())).extracting(Call::method)
				.contains("deletewebhook", "getupdates");
			assertThat(pollers.polls(acme.id())).isTrue();

			this.bot.revoke(acme.token());

			await().atMost(Duration.ofSeconds(20)).until(() -> !pollers.polls(acme.id()));
			assertThat(this.api.get("/api/v1/dev/projects/" + projectId, developer.auth()).field("bot_status"))
				.isEqualTo("revoked");
		}
		finally {
			pollers.stop();
		}
	}

}
