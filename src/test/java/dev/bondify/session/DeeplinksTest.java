package dev.bondify.session;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bondify.project.Project;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A session's deeplink comes from the {@link LinkTarget} that serves its project; a
 * project no target serves is unavailable (503), never a broken link.
 */
class DeeplinksTest {

	private final Project live = new Project(null, "Live", false, Instant.EPOCH);

	private final Project sandbox = new Project(null, "Sandbox", true, Instant.EPOCH);

	@Test
	void eachProjectGetsTheLinkOfTheTargetThatServesIt() {
		Deeplinks deeplinks = new Deeplinks(List.of(target(false, "live:"), target(true, "sandbox:")));

		assertThat(deeplinks.forSession(this.live, "code", "http://localhost")).isEqualTo("live:code");
		assertThat(deeplinks.forSession(this.sandbox, "code", "http://localhost")).isEqualTo("sandbox:code");
	}

	@Test
	void projectThatNoTargetServesIsUnavailable() {
		Deeplinks deeplinks = new Deeplinks(List.of(target(true, "sandbox:")));

		ApiException ex = catchThrowableOfType(ApiException.class, () -> deeplinks.checkAvailable(this.live));

		assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
	}

	private static LinkTarget target(boolean sandbox, String prefix) {
		return new LinkTarget() {

			@Override
			public boolean serves(Project project) {
				return project.isSandbox() == sandbox;
			}

			@Override
			public void checkAvailable() {
			}

			@Override
			public String deeplink(Project project, String linkCode, String requestBaseUrl) {
				return prefix + linkCode;
			}

		};
	}

}
