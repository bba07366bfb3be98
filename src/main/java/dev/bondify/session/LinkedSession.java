package dev.bondify.session;

/**
 * A session as the bot or the sandbox page found it by its link code: the session, and
 * its project's name, kind, phone setting and own bot ({@code botId} null when the
 * project signs in through the deployment's bot).
 */
public record LinkedSession(SessionSnapshot session, String projectName, boolean sandbox, boolean reqPhone,
		Long botId) {

	/** A session of a project without its own bot. */
	public LinkedSession(SessionSnapshot session, String projectName, boolean sandbox, boolean reqPhone) {
		this(session, projectName, sandbox, reqPhone, null);
	}

}
