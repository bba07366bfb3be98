package dev.bondify.telegram;

import java.net.URI;

import org.junit.jupiter.api.Test;

import dev.bondify.system.InvalidConfigurationException;
import dev.bondify.telegram.TelegramProperties.Mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The start-up checks of the Telegram settings and the small parsing rules of the bot.
 */
class TelegramConfigurationTest {

	private static final URI API = URI.create("https://api.telegram.org");

	@Test
	void webhookModeWithoutSecretStopsStartUp() {
		TelegramProperties telegram = new TelegramProperties(Mode.WEBHOOK, "1:token", "bot", null, API);
		assertThatThrownBy(() -> TelegramConfiguration.check(telegram))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("BONDIFY_TELEGRAM_WEBHOOK_SECRET");
	}

	@Test
	void defaultModeWithATokenIsWebhookAndNeedsTheSecret() {
		TelegramProperties telegram = new TelegramProperties(null, "1:token", "bot", "", API);
		assertThatThrownBy(() -> TelegramConfiguration.check(telegram))
			.isInstanceOf(InvalidConfigurationException.class);
	}

	@Test
	void webhookSecretWithCharactersTelegramRefusesStopsStartUp() {
		TelegramProperties telegram = new TelegramProperties(Mode.WEBHOOK, "1:token", "bot", "has space", API);
		assertThatThrownBy(() -> TelegramConfiguration.check(telegram))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("A-Z");
	}

	@Test
	void pollingWithoutTokenStopsStartUp() {
		assertThatThrownBy(
				() -> TelegramConfiguration.check(new TelegramProperties(Mode.POLLING, " ", "bot", null, API)))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("BONDIFY_TELEGRAM_BOT_TOKEN");
	}

	@Test
	void webhookWithoutDeploymentBotStartsForProjectsOwnBots() {
		assertThatNoException()
			.isThrownBy(() -> TelegramConfiguration.check(new TelegramProperties(Mode.WEBHOOK, null, null, null, API)));
	}

	@Test
	void pollingWithoutSecretAndOffWithoutAnythingStart() {
		assertThatNoException().isThrownBy(
				() -> TelegramConfiguration.check(new TelegramProperties(Mode.POLLING, "1:t", "bot", null, API)));
		assertThatNoException()
			.isThrownBy(() -> TelegramConfiguration.check(new TelegramProperties(null, null, null, null, API)));
	}

	@Test
	void botIdIsTheNumberBeforeTheColon() {
		assertThat(TelegramConfiguration.botId(new TelegramProperties(null, "123456:abc", null, null, API)))
			.isEqualTo(123456L);
		assertThat(TelegramConfiguration.botId(new TelegramProperties(null, "garbage", null, null, API))).isZero();
	}

	@Test
	void apiUrlBecomesSchemeHostAndPort() {
		assertThat(TelegramConfiguration.telegramUrl(URI.create("http://127.0.0.1:8081"))).satisfies(url -> {
			assertThat(url.getSchema()).isEqualTo("http");
			assertThat(url.getHost()).isEqualTo("127.0.0.1");
			assertThat(url.getPort()).isEqualTo(8081);
		});
		assertThat(TelegramConfiguration.telegramUrl(API).getPort()).isEqualTo(443);
	}

	@Test
	void startPayloadIsTheArgumentOfStartOnly() {
		assertThat(TelegramUpdateHandler.startPayload("/start sess_abc")).isEqualTo("sess_abc");
		assertThat(TelegramUpdateHandler.startPayload("/start@bondify_bot sess_abc")).isEqualTo("sess_abc");
		assertThat(TelegramUpdateHandler.startPayload("/start")).isEmpty();
		assertThat(TelegramUpdateHandler.startPayload("/starting sess_abc")).isNull();
		assertThat(TelegramUpdateHandler.startPayload("hello")).isNull();
		assertThat(TelegramUpdateHandler.startPayload(null)).isNull();
	}

	@Test
	void sealedTokenOpensOnlyForTheSameUserAndBot() {
		ResumeTokenSealer sealer = new ResumeTokenSealer("1:token");
		byte[] sealed = sealer.seal("sess_x", 42);
		assertThat(sealer.open(sealed, 42)).contains("sess_x");
		assertThat(sealer.open(sealed, 43)).isEmpty();
		assertThat(new ResumeTokenSealer("2:other").open(sealed, 42)).isEmpty();
		assertThat(sealer.open(new byte[3], 42)).isEmpty();
	}

}
