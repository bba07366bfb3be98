package dev.bondify.session;

import dev.bondify.project.ProjectClient;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * Who calls generate / verify: a browser or app on the public endpoint (with its
 * {@code Origin}), or the project's own server, whose secret key was checked once at the
 * door.
 */
public sealed interface Caller {

	/**
	 * The caller the door admitted; null (a secret-key route whose body named no project)
	 * is refused as a missing key.
	 */
	static Caller of(ProjectClient client) {
		if (client == null) {
			throw new ApiException(ErrorCode.UNAUTHORIZED,
					"A project secret key is required: Authorization: Bearer sk_….");
		}
		return client.isSecretKey() ? new ProjectServer(client.projectId()) : new Public(client.origin());
	}

	/**
	 * The key-less endpoints; {@code origin} is the request's normalised {@code Origin}
	 * or null.
	 */
	record Public(String origin) implements Caller {
	}

	/**
	 * The project itself: a server that proved it holds the project's secret key, or a
	 * flow of this service that acts for the project (the OpenID Connect sign-in page).
	 */
	record ProjectServer(String projectId) implements Caller {
	}

}
