package dev.bondify.session;

/**
 * A phone number was attached to a pending session: the session as it now is, and the
 * opaque value the bot stored when it asked for the contact.
 */
public record PhoneShared(SessionSnapshot session, byte[] resumeToken) {
}
