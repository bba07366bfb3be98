package dev.bondify.telegram;

import java.net.URI;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.bondify.project.Project;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.telegram.TelegramProperties.Mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Live projects' deeplinks lead to the bot, and generate must refuse with 503 when there
 * is none, without starting a server for each configuration.
 */
class TelegramLinkTargetTest {

	private static final URI API = URI.create("https://api.telegram.org");

	private final Project live = new Project(null, "Live", false, Instant.EPOCH);

	@Test
	void liveProjectWithoutABotIsUnavailableWithASentenceSayingSo() {
		TelegramLinkTarget target = new TelegramLinkTarget(new TelegramProperties(null, null, null, null, API));

		ApiException ex = catchThrowableOfType(ApiException.class, target::checkAvailable);

		assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
		assertThat(ex.code().status().value()).isEqualTo(503);
		assertThat(ex.getMessage()).contains("No Telegram bot is configured");
	}

	@Test
	void botWithTelegramSwitchedOffCountsAsNoBot() {
		TelegramLinkTarget target = new TelegramLinkTarget(
				new TelegramProperties(Mode.OFF, "123:abc", "my_bot", "secret", API));

		ApiException ex = catchThrowableOfType(ApiException.class, target::checkAvailable);

		assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
	}

	@Test
	void liveProjectLinksToTheBotWithTheLinkCode() {
		TelegramLinkTarget target = new TelegramLinkTarget(
				new TelegramProperties(null, "123:abc", "my_bot", "secret", API));

		assertThatNoException().isThrownBy(target::checkAvailable);
		assertThat(target.serves(this.live)).isTrue();
		assertThat(target.serves(new Project(null, "Sandbox", true, Instant.EPOCH))).isFalse();
		assertThat(target.deeplink(this.live, "AAAAAAAAAAAAAAAAAAAAAA", "http://10.0.0.5:8080"))
			.isEqualTo("https://t.me/my_bot?start=AAAAAAAAAAAAAAAAAAAAAA");
	}

}
