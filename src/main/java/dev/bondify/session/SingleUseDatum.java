package dev.bondify.session;

import java.time.Instant;

/**
 * A datum that signs a user in once (Telegram data given to the exchange endpoint): the
 * SHA-256 of its canonical form, recorded by the statement that creates the session and
 * kept until {@code keepUntil}, when it is too old to be accepted anyway.
 */
public record SingleUseDatum(byte[] hash, Instant keepUntil) {

	public SingleUseDatum {
		if (hash == null || hash.length != 32) {
			throw new IllegalArgumentException("A datum is recorded by its SHA-256");
		}
	}

}
