package dev.bondify.telegram;

import java.net.URI;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;

import dev.bondify.support.FakeBotApi;
import dev.bondify.support.FakeBotApi.Call;
import dev.bondify.system.PublicUrl;
import dev.bondify.telegram.TelegramProperties.Mode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook mode registers the webhook with the secret token and the update kinds the bot
 * handles, against the fake Bot API.
 */
class TelegramWebhookRegistrarTest {

	private final FakeBotApi bot = FakeBotApi.get();

	@Test
	void registersPublicUrlWithSecretAndAllowedUpdates() throws Exception {
		String secret = "registrar-secret-" + System.nanoTime();
		TelegramProperties telegram = new TelegramProperties(Mode.WEBHOOK, "777:registrar-token", "bot", secret,
				URI.create(this.bot.url()));
		BotApiSender sender = new BotApiSender(new BotClients(
				new OkHttpTelegramClient(telegram.botToken(), TelegramConfiguration.telegramUrl(telegram.apiUrl())),
				new OkHttpClient(), telegram, null, null, null, null), new SimpleMeterRegistry());
		try {
			new TelegramWebhookRegistrar(telegram, sender, new PublicUrl("https://bondify.example/ ")).register();

			Call call = this.bot.awaitOne("setWebhook", candidate -> secret.equals(candidate.param("secret_token")));
			assertThat(call.token()).isEqualTo("777:registrar-token");
			assertThat(call.param("url")).isEqualTo("https://bondify.example/api/v1/telegram/webhook");
			assertThat(call.json("allowed_updates")).extracting(node -> node.asString())
				.containsExactly("message", "callback_query");
		}
		finally {
			sender.destroy();
		}
	}

}
