package dev.bondify.database;

/**
 * The embedded PostgreSQL cannot run on this machine; the message is the one sentence an
 * operator needs.
 */
public class EmbeddedDatabaseUnavailableException extends IllegalStateException {

	EmbeddedDatabaseUnavailableException(String message) {
		super(message);
	}

}
