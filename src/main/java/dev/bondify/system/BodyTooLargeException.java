package dev.bondify.system;

import java.io.IOException;

/**
 * Thrown while a request body is read once more than the limit has been read; answered
 * 413 {@code PAYLOAD_TOO_LARGE}.
 */
public final class BodyTooLargeException extends IOException {

	public BodyTooLargeException() {
		super("Request body too large");
	}

}
