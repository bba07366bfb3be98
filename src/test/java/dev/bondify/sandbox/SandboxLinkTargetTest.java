package dev.bondify.sandbox;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.bondify.project.Project;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.PublicUrl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Sandbox projects' deeplinks lead to this server's sandbox page, unless the sandbox is
 * switched off.
 */
class SandboxLinkTargetTest {

	private final Project sandbox = new Project(null, "Sandbox", true, Instant.EPOCH);

	@Test
	void sandboxLinkUsesTheRequestBaseUrlWithoutAPublicUrl() {
		SandboxLinkTarget target = new SandboxLinkTarget(new SandboxProperties(true), new PublicUrl(""));

		assertThatNoException().isThrownBy(target::checkAvailable);
		assertThat(target.serves(this.sandbox)).isTrue();
		assertThat(target.serves(new Project(null, "Live", false, Instant.EPOCH))).isFalse();
		assertThat(target.deeplink(this.sandbox, "AAAAAAAAAAAAAAAAAAAAAA", "http://localhost:8080"))
			.isEqualTo("http://localhost:8080/sandbox/telegram?start=AAAAAAAAAAAAAAAAAAAAAA");
	}

	@Test
	void sandboxLinkUsesThePublicUrlWhenOneIsConfigured() {
		SandboxLinkTarget target = new SandboxLinkTarget(new SandboxProperties(true),
				new PublicUrl(" https://auth.example.com/ "));

		assertThat(target.deeplink(this.sandbox, "AAAAAAAAAAAAAAAAAAAAAA", "http://10.0.0.5:8080"))
			.isEqualTo("https://auth.example.com/sandbox/telegram?start=AAAAAAAAAAAAAAAAAAAAAA");
	}

	@Test
	void sandboxProjectIsUnavailableWhenTheSandboxIsDisabled() {
		SandboxLinkTarget target = new SandboxLinkTarget(new SandboxProperties(false), new PublicUrl(""));

		ApiException ex = catchThrowableOfType(ApiException.class, target::checkAvailable);

		assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
		assertThat(ex.getMessage()).contains("BONDIFY_SANDBOX_ENABLED=false");
	}

}
