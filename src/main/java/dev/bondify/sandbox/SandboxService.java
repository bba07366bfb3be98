package dev.bondify.sandbox;

import org.springframework.stereotype.Service;

import dev.bondify.project.ProjectNames;
import dev.bondify.session.LinkedSession;
import dev.bondify.session.SessionService;
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

	private final SessionService sessions;

	private final SandboxProperties properties;

	SandboxService(SessionService sessions, SandboxProperties properties) {
		this.sessions = sessions;
		this.properties = properties;
	}

	/**
	 * The session behind a link code, refused with 404 when the sandbox is off, the code
	 * is unknown (a session token is no link code) or the session belongs to a live
	 * project (the page must never stand in for the real bot).
	 */
	SandboxSession open(String linkCode) {
		if (!this.properties.enabled()) {
			throw new ApiException(ErrorCode.NOT_FOUND, "The sandbox is disabled on this server.");
		}
		LinkedSession linked = this.sessions.findByLinkCode(linkCode)
			.filter(LinkedSession::sandbox)
			.orElseThrow(() -> new ApiException(ErrorCode.SESSION_NOT_FOUND));
		return new SandboxSession(linkCode, linked.session(), ProjectNames.display(linked.projectName()),
				linked.reqPhone());
	}

	TransitionResult confirm(SandboxSession session, TelegramIdentity identity) {
		return this.sessions.confirmInSandbox(session.linkCode(), identity);
	}

	/**
	 * Cancels without a Telegram user: the sandbox has none, and sandbox sessions are
	 * never bound.
	 */
	TransitionResult cancel(SandboxSession session) {
		return this.sessions.cancelInSandbox(session.linkCode());
	}

}
