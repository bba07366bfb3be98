package dev.bondify.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * The opaque keyset cursor of the session list: the {@code (created_at, id)} of the last
 * row returned, base64url.
 */
record SessionCursor(Instant createdAt, UUID id) {

	/**
	 * Cursors only ever hold times a session could have been created at; anything outside
	 * 1970–9999 is forged and would otherwise reach PostgreSQL as an out-of-range
	 * timestamp.
	 */
	private static final Instant EARLIEST = Instant.EPOCH;

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

	String encode() {
		String raw = this.createdAt.getEpochSecond() + "." + this.createdAt.getNano() + "." + this.id;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * @throws ApiException {@code INVALID_REQUEST} for anything this class did not
	 * produce
	 */
	static SessionCursor decode(String cursor) {
		try {
			if (cursor.length() > 200) {
				throw new IllegalArgumentException("too long");
			}
			String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			String[] parts = raw.split("\\.", -1);
			if (parts.length != 3) {
				throw new IllegalArgumentException("shape");
			}
			long seconds = Long.parseLong(parts[0]);
			int nanos = Integer.parseInt(parts[1]);
			UUID id = UUID.fromString(parts[2]);
			if (nanos < 0 || nanos > 999_999_999 || !id.toString().equals(parts[2])
					|| !parts[0].equals(Long.toString(seconds)) || !parts[1].equals(Integer.toString(nanos))) {
				throw new IllegalArgumentException("range");
			}
			Instant createdAt = Instant.ofEpochSecond(seconds, nanos);
			if (createdAt.isBefore(EARLIEST) || createdAt.isAfter(LATEST)) {
				throw new IllegalArgumentException("range");
			}
			return new SessionCursor(createdAt, id);
		}
		catch (RuntimeException ex) {
			throw new ApiException(ErrorCode.INVALID_REQUEST, "cursor is not a cursor returned by this endpoint.");
		}
	}

}
