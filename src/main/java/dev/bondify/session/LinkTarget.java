package dev.bondify.session;

import dev.bondify.project.Project;

/**
 * Where the deeplinks of one kind of project lead (the Telegram bot, the sandbox page):
 * implemented by the package that serves them, so {@code session} knows neither.
 */
public interface LinkTarget {

	/** Whether this target serves the sessions of {@code project}. */
	boolean serves(Project project);

	/**
	 * Fails with an {@link dev.bondify.system.ApiException} (503) when this target cannot
	 * work on this server.
	 */
	void checkAvailable();

	/**
	 * Fails with an {@link dev.bondify.system.ApiException} (503) when this target cannot
	 * serve {@code project} now (e.g. its own bot's token was revoked).
	 */
	default void checkAvailable(Project project) {
		checkAvailable();
	}

	/**
	 * Where a user goes to send a code by hand (the bot's chat), or null when this target
	 * has no such place.
	 */
	default String chatLink(Project project) {
		return null;
	}

	/** The deeplink carrying {@code linkCode}, never the session token. */
	String deeplink(Project project, String linkCode, String requestBaseUrl);

}
