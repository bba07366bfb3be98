package dev.bondify.session;

import java.util.Locale;

/**
 * The status of a session as clients see it; {@code expired} is derived from the times,
 * never stored.
 */
public enum SessionStatus {

	PENDING, CONFIRMED, CANCELLED, EXPIRED, USED;

	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static SessionStatus fromWire(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
