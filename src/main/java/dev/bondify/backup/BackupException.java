package dev.bondify.backup;

/**
 * A backup or restore that cannot go on, with one sentence for the operator; nothing was
 * changed when it is thrown.
 */
class BackupException extends Exception {

	private static final long serialVersionUID = 1L;

	BackupException(String message) {
		super(message);
	}

	BackupException(String message, Throwable cause) {
		super(message, cause);
	}

}
