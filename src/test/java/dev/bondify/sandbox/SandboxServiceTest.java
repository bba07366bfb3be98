package dev.bondify.sandbox;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.bondify.project.Project;
import dev.bondify.session.LinkedSession;
import dev.bondify.session.SessionService;
import dev.bondify.session.SessionSnapshot;
import dev.bondify.session.SessionStatus;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Which sessions the sandbox page may touch, including with the sandbox switched off
 * ({@code BONDIFY_SANDBOX_ENABLED=false}), which the shared test server cannot show.
 */
class SandboxServiceTest {

	private static final String CODE = "a".repeat(22);

	private final SessionService sessions = mock(SessionService.class);

	@Test
	void disabledSandboxAnswersNotFoundWithoutLookingAnythingUp() {
		SandboxService service = new SandboxService(this.sessions, new SandboxProperties(false));

		ApiException ex = catchThrowableOfType(ApiException.class, () -> service.open(CODE));

		assertThat(ex.code()).isEqualTo(ErrorCode.NOT_FOUND);
		assertThat(ex.code().status().value()).isEqualTo(404);
		verifyNoInteractions(this.sessions);
	}

	@Test
	void enabledSandboxOpensASessionOfASandboxProject() {
		Project project = new Project(null, "Shop", true, Instant.EPOCH);
		given(this.sessions.findByLinkCode(CODE)).willReturn(Optional.of(linked(project)));
		SandboxService service = new SandboxService(this.sessions, new SandboxProperties(true));

		SandboxSession session = service.open(CODE);

		assertThat(session.projectName()).isEqualTo("Shop");
		assertThat(session.linkCode()).isEqualTo(CODE);
	}

	@Test
	void sessionOfALiveProjectIsNotFound() {
		Project project = new Project(null, "Live", false, Instant.EPOCH);
		given(this.sessions.findByLinkCode(CODE)).willReturn(Optional.of(linked(project)));
		SandboxService service = new SandboxService(this.sessions, new SandboxProperties(true));

		ApiException ex = catchThrowableOfType(ApiException.class, () -> service.open(CODE));

		assertThat(ex.code()).isEqualTo(ErrorCode.SESSION_NOT_FOUND);
	}

	private static LinkedSession linked(Project project) {
		SessionSnapshot snapshot = new SessionSnapshot(UUID.randomUUID(), project.getId(), SessionStatus.PENDING,
				Instant.EPOCH, Instant.EPOCH.plusSeconds(600), null, null, null, null, null, null, null, null, null,
				null);
		return new LinkedSession(snapshot, project.getName(), project.isSandbox(), project.isReqPhone());
	}

}
