package dev.bondify.system;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The developer API's timestamp format: ISO-8601 UTC with exactly millisecond precision,
 * {@code 2026-01-15T10:30:00.000Z}.
 */
public final class IsoTime {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private IsoTime() {
	}

	/** The instant formatted for the wire, or null for null. */
	public static String format(Instant instant) {
		return (instant != null) ? FORMAT.format(instant) : null;
	}

}
