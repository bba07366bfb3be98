package dev.bondify.sandbox;

import java.util.regex.Pattern;

import org.springframework.stereotype.Service;

import dev.bondify.project.Project;
import dev.bondify.project.ProjectNames;
import dev.bondify.project.ProjectRepository;
import dev.bondify.session.SessionService;
import dev.bondify.session.SessionSnapshot;
import dev.bondify.session.TelegramIdentity;
import dev.bondify.session.TransitionResult;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * What the sandbox page may do: find a session of a sandbox project, then confirm or
 * cancel it through the same {@link SessionService} transitions the bot uses (so proofs,
 * events and webhooks are identical).
 */
@Service
class SandboxService {

	private static final Pattern TOKEN = Pattern.compile("sess_[A-Za-z0-9_-]{43}");

	private final SessionService sessions;

	private final ProjectRepository projects;

	private final SandboxProperties properties;

	SandboxService(SessionService sessions, ProjectRepository projects, SandboxProperties properties) {
		this.sessions = sessions;
		this.projects = projects;
		this.properties = properties;
	}

	/**
	 * The session behind a token, refused with 404 when the sandbox is off, the token is
	 * unknown or the session belongs to a live project (the page must never stand in for
	 * the real bot).
	 */
	SandboxSession open(String token) {
		if (!this.properties.enabled()) {
			throw new ApiException(ErrorCode.NOT_FOUND, "The sandbox is disabled on this server.");
		}
		if (token == null || !TOKEN.matcher(token).matches()) {
			throw new ApiException(ErrorCode.SESSION_NOT_FOUND);
		}
		SessionSnapshot snapshot = this.sessions.find(token)
			.orElseThrow(() -> new ApiException(ErrorCode.SESSION_NOT_FOUND));
		Project project = this.projects.findById(snapshot.projectId())
			.filter(Project::isSandbox)
			.orElseThrow(() -> new ApiException(ErrorCode.SESSION_NOT_FOUND));
		return new SandboxSession(token, snapshot, ProjectNames.display(project.getName()), project.isReqPhone());
	}

	TransitionResult confirm(SandboxSession session, TelegramIdentity identity) {
		return this.sessions.confirm(session.token(), identity);
	}

	/**
	 * Cancels without a Telegram user: the sandbox has none, and sandbox sessions are
	 * never bound.
	 */
	TransitionResult cancel(SandboxSession session) {
		return this.sessions.cancel(session.token(), null);
	}

}
