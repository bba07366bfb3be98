package dev.bondify.telegram;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.OwnBot;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.FakeBotApi.Call;
import dev.bondify.support.FakeBotApi.Failure;
import dev.bondify.support.TestDevelopers.Developer;
import dev.bondify.system.PublicUrl;
import dev.bondify.system.SecretSealer;
import dev.bondify.telegram.OwnBotIntegrationTest.Bot;
import dev.bondify.telegram.TelegramProperties.Mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An own bot's webhook: registered with its own URL and derived secret (with the bot's
 * token), its status follows Telegram's answer, and removing the bot deletes it.
 */
class OwnBotWebhooksIntegrationTest extends BotIntegrationTest {

	@Autowired
	BotApiSender sender;

	@Autowired
	BotClients bots;

	@Autowired
	SecretSealer sealer;

	@Test
	void savedBotsWebhookIsRegisteredItsFailureShownAndRemovalDeletesIt() {
		Developer developer = this.developers.register();
		Bot acme = OwnBotIntegrationTest.newBotOn(this.bot);
		String project = this.developers
			.createProject(developer, "{\"name\":\"Acme\",\"bot_token\":\"" + acme.token() + "\"}")
			.field("id");
		OwnBotWebhooks webhooks = new OwnBotWebhooks(
				new TelegramProperties(Mode.WEBHOOK, null, null, null, URI.create(this.bot.url())), this.sender,
				this.bots, this.sealer, new PublicUrl("https://auth.example.com/"));

		this.bot.failWith(Failure.NOT_OK);
		webhooks.changed(new OwnBot.Changed(project, null, null, acme.id()));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(status(developer, project)).isEqualTo("webhook_failing"));
		this.bot.behave();
		webhooks.registerAll();

		Call registered = this.bot
			.await("setWebhook", call -> call.token().equals(acme.token()), 2, Duration.ofSeconds(10))
			.get(1);
		assertThat(registered.param("url")).isEqualTo("https://auth.example.com/api/v1/telegram/webhook/" + acme.id());
		assertThat(registered.param("secret_token")).isEqualTo(webhooks.secret(acme.id()));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(status(developer, project)).isEqualTo("ok"));

		Response removed = this.api.method("PATCH", "/api/v1/dev/projects/" + project, "{\"bot_token\":null}",
				developer.auth());
		assertThat(removed.status()).isEqualTo(200);
		this.bot.awaitOne("deleteWebhook", call -> call.token().equals(acme.token()));
	}

	private String status(Developer developer, String project) {
		return this.api.get("/api/v1/dev/projects/" + project, developer.auth()).field("bot_status");
	}

}
