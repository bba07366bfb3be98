package dev.bondify.session;

/**
 * A session as the bot or the sandbox page found it by its link code: the session, and
 * its project's name, kind and phone setting.
 */
public record LinkedSession(SessionSnapshot session, String projectName, boolean sandbox, boolean reqPhone) {
}
