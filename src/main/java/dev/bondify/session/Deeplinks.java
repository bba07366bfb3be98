package dev.bondify.session;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.bondify.project.Project;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * Where a session's deeplink leads: the {@link LinkTarget} that serves its project (the
 * Telegram bot for live projects, the sandbox page for sandbox ones).
 */
@Component
class Deeplinks {

	private final List<LinkTarget> targets;

	Deeplinks(List<LinkTarget> targets) {
		this.targets = List.copyOf(targets);
	}

	/** Fails with 503 when the project's kind of deeplink cannot work on this server. */
	void checkAvailable(Project project) {
		target(project).checkAvailable(project);
	}

	/**
	 * The deeplink of a session: it carries the link code, never the session token (the
	 * poll secret).
	 */
	String forSession(Project project, String linkCode, String requestBaseUrl) {
		return target(project).deeplink(project, linkCode, requestBaseUrl);
	}

	/** The bot chat where the project's users may type a code, or null. */
	String chatLink(Project project) {
		return target(project).chatLink(project);
	}

	private LinkTarget target(Project project) {
		return this.targets.stream()
			.filter(target -> target.serves(project))
			.findFirst()
			.orElseThrow(() -> new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
					"This server cannot serve sign-ins of this kind of project."));
	}

}
