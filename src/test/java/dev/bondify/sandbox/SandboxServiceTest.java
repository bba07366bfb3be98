package dev.bondify.sandbox;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.bondify.project.Project;
import dev.bondify.project.ProjectRepository;
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

	private static final String TOKEN = "sess_" + "a".repeat(43);

	private final SessionService sessions = mock(SessionService.class);

	private final ProjectRepository projects = mock(ProjectRepository.class);

	@Test
	void disabledSandboxAnswersNotFoundWithoutLookingAnythingUp() {
		SandboxService service = new SandboxService(this.sessions, this.projects, new SandboxProperties(false));

		ApiException ex = catchThrowableOfType(ApiException.class, () -> service.open(TOKEN));

		assertThat(ex.code()).isEqualTo(ErrorCode.NOT_FOUND);
		assertThat(ex.code().status().value()).isEqualTo(404);
		verifyNoInteractions(this.sessions, this.projects);
	}

	@Test
	void enabledSandboxOpensASessionOfASandboxProject() {
		Project project = new Project(null, "Shop", true, Instant.EPOCH);
		given(this.sessions.find(TOKEN)).willReturn(Optional.of(snapshot(project)));
		given(this.projects.findById(project.getId())).willReturn(Optional.of(project));
		SandboxService service = new SandboxService(this.sessions, this.projects, new SandboxProperties(true));

		SandboxSession session = service.open(TOKEN);

		assertThat(session.projectName()).isEqualTo("Shop");
		assertThat(session.token()).isEqualTo(TOKEN);
	}

	@Test
	void sessionOfALiveProjectIsNotFound() {
		Project project = new Project(null, "Live", false, Instant.EPOCH);
		given(this.sessions.find(TOKEN)).willReturn(Optional.of(snapshot(project)));
		given(this.projects.findById(project.getId())).willReturn(Optional.of(project));
		SandboxService service = new SandboxService(this.sessions, this.projects, new SandboxProperties(true));

		ApiException ex = catchThrowableOfType(ApiException.class, () -> service.open(TOKEN));

		assertThat(ex.code()).isEqualTo(ErrorCode.SESSION_NOT_FOUND);
	}

	private static SessionSnapshot snapshot(Project project) {
		return new SessionSnapshot(UUID.randomUUID(), project.getId(), SessionStatus.PENDING, Instant.EPOCH,
				Instant.EPOCH.plusSeconds(600), null, null, null, null, null, null, null, null, null, null);
	}

}
