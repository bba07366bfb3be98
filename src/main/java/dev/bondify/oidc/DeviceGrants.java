package dev.bondify.oidc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.bondify.system.RandomTokens;

/**
 * The device authorizations handed out ({@code oidc_device_grants}): the session that
 * answers each, its client's polling pace and its single redemption. The device code is
 * kept only as its SHA-256, and the session's poll secret sealed under the device code,
 * so the database alone answers nothing. Every change is one conditional statement, so
 * all instances agree.
 */
@Component
class DeviceGrants {

	/** RFC 8628 section 3.5: {@code slow_down} adds five seconds for good. */
	static final int SLOW_DOWN_STEP_SECONDS = 5;

	private static final int IV_BYTES = 12;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcTemplate jdbc;

	DeviceGrants(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the grant of a device code whose session was just generated.
	 * @return false when the session is not there (deleted in between)
	 */
	boolean record(String deviceCode, String clientId, String sessionToken, int intervalSeconds, Instant expiresAt) {
		return this.jdbc.update("""
				insert into oidc_device_grants (device_code_hash, client_id, session_id, session_token_sealed,
				                                interval_seconds, expires_at)
				select ?, ?, id, ?, ?, ? from auth_sessions where token_hash = ?""", hash(deviceCode), clientId,
				seal(sessionToken, deviceCode), intervalSeconds, utc(expiresAt),
				RandomTokens.sha256(sessionToken)) == 1;
	}

	/**
	 * Records one poll of the token endpoint and tells whether it came sooner than the
	 * current interval after the previous one (then the interval grows by
	 * {@value #SLOW_DOWN_STEP_SECONDS} s, for this and every later poll). Concurrent
	 * polls are ordered by the row lock: the second sees the first.
	 */
	Optional<Poll> poll(String deviceCode, Instant now) {
		List<Poll> polls = this.jdbc.query(
				"""
						update oidc_device_grants g
						set polled_at = ?,
						    interval_seconds = g.interval_seconds + case when p.too_fast then ? else 0 end
						from (select device_code_hash,
						             polled_at is not null and polled_at > ? - interval_seconds * interval '1 second' as too_fast
						      from oidc_device_grants where device_code_hash = ? for update) p
						where g.device_code_hash = p.device_code_hash
						returning g.client_id, g.session_id, g.session_token_sealed, p.too_fast, g.interval_seconds,
						          g.redeemed_at is not null""",
				(rs, row) -> new Poll(rs.getString(1), rs.getObject(2, UUID.class),
						open(rs.getBytes(3), deviceCode).orElse(null), rs.getBoolean(4), rs.getInt(5),
						rs.getBoolean(6)),
				utc(now), SLOW_DOWN_STEP_SECONDS, utc(now), hash(deviceCode));
		return polls.stream().filter(poll -> poll.sessionToken() != null).findFirst();
	}

	/**
	 * Redeems the device code: only the first call for a code gets true, on any instance.
	 */
	boolean redeem(String deviceCode, Instant now) {
		return this.jdbc.update(
				"update oidc_device_grants set redeemed_at = ? where device_code_hash = ? and redeemed_at is null",
				utc(now), hash(deviceCode)) == 1;
	}

	private static byte[] hash(String deviceCode) {
		return RandomTokens.sha256(deviceCode);
	}

	static byte[] seal(String value, String deviceCode) {
		try {
			byte[] iv = new byte[IV_BYTES];
			RANDOM.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key(deviceCode), new GCMParameterSpec(128, iv));
			byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	static Optional<String> open(byte[] sealed, String deviceCode) {
		if (sealed == null || sealed.length <= IV_BYTES) {
			return Optional.empty();
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key(deviceCode), new GCMParameterSpec(128, sealed, 0, IV_BYTES));
			return Optional.of(new String(cipher.doFinal(Arrays.copyOfRange(sealed, IV_BYTES, sealed.length)),
					StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			return Optional.empty();
		}
	}

	private static SecretKeySpec key(String deviceCode) {
		return new SecretKeySpec(RandomTokens.sha256("bondify-device-code-seal-v1:" + deviceCode), "AES");
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * One poll: the grant's client and session, whether it came too soon, the interval
	 * from now on, and whether the code was already redeemed.
	 */
	record Poll(String clientId, UUID sessionId, String sessionToken, boolean tooFast, int intervalSeconds,
			boolean redeemed) {
	}

}
