package dev.bondify.session;

import java.net.URI;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.bondify.project.Project;
import dev.bondify.sandbox.SandboxProperties;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.telegram.TelegramProperties;
import dev.bondify.telegram.TelegramProperties.Mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Where deeplinks lead and when generate must refuse with 503, without starting a server
 * for each configuration.
 */
class DeeplinksTest {

	private static final URI API = URI.create("https://api.telegram.org");

	private static final TelegramProperties NO_BOT = new TelegramProperties(null, null, null, null, API);

	private static final TelegramProperties BOT = new TelegramProperties(null, "123:abc", "my_bot", "secret", API);

	private final Project live = new Project(null, "Live", false, Instant.EPOCH);

	private final Project sandbox = new Project(null, "Sandbox", true, Instant.EPOCH);

	@Test
	void liveProjectWithoutABotIsUnavailableWithASentenceSayingSo() {
		Deeplinks deeplinks = new Deeplinks(NO_BOT, new SandboxProperties(true), "");

		ApiException ex = catchThrowableOfType(ApiException.class, () -> deeplinks.checkAvailable(this.live));

		assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
		assertThat(ex.code().status().value()).isEqualTo(503);
		assertThat(ex.getMessage()).contains("No Telegram bot is configured");
	}

	@Test
	void botWithTelegramSwitchedOffCountsAsNoBot() {
		TelegramProperties off = new TelegramProperties(Mode.OFF, "123:abc", "my_bot", "secret", API);
		Deeplinks deeplinks = new Deeplinks(off, new SandboxProperties(true), "");

		ApiException ex = catchThrowableOfType(ApiException.class, () -> deeplinks.checkAvailable(this.live));

		assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
	}

	@Test
	void sandboxProjectWorksWithoutABot() {
		Deeplinks deeplinks = new Deeplinks(NO_BOT, new SandboxProperties(true), "");

		assertThatNoException().isThrownBy(() -> deeplinks.checkAvailable(this.sandbox));
		assertThat(deeplinks.forSession(this.sandbox, "sess_x", "http://localhost:8080"))
			.isEqualTo("http://localhost:8080/sandbox/telegram?start=sess_x");
	}

	@Test
	void sandboxProjectIsUnavailableWhenTheSandboxIsDisabled() {
		Deeplinks deeplinks = new Deeplinks(BOT, new SandboxProperties(false), "");

		ApiException ex = catchThrowableOfType(ApiException.class, () -> deeplinks.checkAvailable(this.sandbox));

		assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
		assertThat(ex.getMessage()).contains("BONDIFY_SANDBOX_ENABLED=false");
		assertThatNoException().isThrownBy(() -> deeplinks.checkAvailable(this.live));
	}

	@Test
	void sandboxLinkUsesThePublicUrlWhenOneIsConfigured() {
		Deeplinks deeplinks = new Deeplinks(BOT, new SandboxProperties(true), " https://auth.example.com/ ");

		assertThat(deeplinks.forSession(this.sandbox, "sess_x", "http://10.0.0.5:8080"))
			.isEqualTo("https://auth.example.com/sandbox/telegram?start=sess_x");
		assertThat(deeplinks.forSession(this.live, "sess_x", "http://10.0.0.5:8080"))
			.isEqualTo("https://t.me/my_bot?start=sess_x");
	}

}
