package dev.bondify.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The session-list cursor accepts exactly what it produced: any forged timestamp, nano or
 * id is a 400, never a query PostgreSQL refuses.
 */
class SessionCursorTest {

	private static final UUID ID = UUID.fromString("0b9c2f7e-3d1a-4c5b-9e8f-7a6b5c4d3e2f");

	@Test
	void roundTripsWhatItEncodes() {
		SessionCursor cursor = new SessionCursor(Instant.parse("2026-01-15T10:30:00.123456789Z"), ID);

		assertThat(SessionCursor.decode(cursor.encode())).isEqualTo(cursor);
	}

	@Test
	void timestampsOutsideTheStorableRangeAreRefused() {
		for (String raw : new String[] { "253402300800.0." + ID, "-1.0." + ID, "99999999999999.0." + ID,
				"-62135596801.0." + ID, "9223372036854775807.0." + ID, "-9223372036854775808.0." + ID }) {
			assertRefused(encode(raw));
		}
	}

	@Test
	void nonCanonicalNumbersNanosAndIdsAreRefused() {
		for (String raw : new String[] { "+1.0." + ID, "01.0." + ID, "1.+0." + ID, "1.-1." + ID, "1.1000000000." + ID,
				"1.0." + ID.toString().toUpperCase(), "1.0.not-a-uuid", "1.0", "1.0." + ID + ".x", "" }) {
			assertRefused(encode(raw));
		}
		assertRefused("!!!");
		assertRefused("A".repeat(201));
	}

	private static String encode(String raw) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

	private static void assertRefused(String cursor) {
		assertThatExceptionOfType(ApiException.class).as(cursor)
			.isThrownBy(() -> SessionCursor.decode(cursor))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
	}

}
