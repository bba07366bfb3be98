package dev.bondify.session;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * The insert of a generated session, the whole database cost of generate once the project
 * comes from memory: one autocommitted statement, one round trip, committed without
 * waiting for the WAL flush.
 * <p>
 * Not a JPA transaction: begin, insert and commit were three round trips, and the row
 * locks the insert takes (the per-day analytics counter its trigger updates) were held
 * across the two after it, which serialised every generate of a project (measured with
 * {@code pg_stat_activity}: most of the pool waited on that lock).
 */
@Component
class SessionInserts {

	// set_config(…, true) is SET LOCAL as an expression: it applies to the statement's
	// own
	// implicit transaction only, so the connection goes back to the pool as it came, and
	// confirms and deliveries on it stay durable. The WHERE is evaluated once, before the
	// row is inserted.
	private static final String INSERT = """
			insert into auth_sessions (id, token_hash, token_preview, link_code_hash, token_sealed, project_id, status,
			                           created_at, expires_at, origin, client_ip, user_agent)
			select ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?
			where set_config('synchronous_commit', 'off', true) = 'off'""";

	// The same columns, durable, in the caller's transaction, with how the identity was
	// obtained: a session that is confirmed at once (the exchange endpoint).
	private static final String INSERT_WITH_SOURCE = """
			insert into auth_sessions (id, token_hash, token_preview, link_code_hash, token_sealed, project_id, status,
			                           created_at, expires_at, origin, client_ip, user_agent, source)
			values (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?)""";

	// A device authorization's session (RFC 8628) and its user code, in one durable
	// statement: the code row exists exactly when the session does. A code still held by
	// a live session is never taken over (the statement then inserts no code row).
	private static final String INSERT_DEVICE = """
			with s as (
			  insert into auth_sessions (id, token_hash, token_preview, link_code_hash, token_sealed, project_id, status,
			                             created_at, expires_at, origin, client_ip, user_agent, source, request_phone)
			  values (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, 'oidc_device', ?)
			  returning id)
			insert into session_user_codes (user_code_hash, session_id, link_code_sealed, expires_at)
			select ?, s.id, ?, ? from s
			on conflict (user_code_hash) do update
			  set session_id = excluded.session_id, link_code_sealed = excluded.link_code_sealed,
			      expires_at = excluded.expires_at
			  where session_user_codes.expires_at <= ?""";

	private final JdbcTemplate jdbc;

	SessionInserts(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts and commits a new pending session; must not run inside a transaction (the
	 * relaxed commit would then apply to the caller's whole transaction).
	 * @throws ApiException {@code PROJECT_NOT_FOUND} when the project was deleted after
	 * it was read
	 */
	void insertWithoutDurableCommit(NewSession session) {
		RequestSource source = session.source();
		try {
			this.jdbc.update(INSERT, session.id(), session.tokenHash(), session.tokenPreview(), session.linkCodeHash(),
					session.tokenSealed(), session.projectId(), utc(session.createdAt()), utc(session.expiresAt()),
					source.origin(), source.clientIp(), source.userAgent());
		}
		catch (DataIntegrityViolationException ex) {
			// The only constraint a fresh random token can break is the project's key.
			throw new ApiException(ErrorCode.PROJECT_NOT_FOUND);
		}
	}

	/**
	 * Inserts a new pending session with its {@code source} inside the caller's
	 * transaction, committed durably with it.
	 * @throws ApiException {@code PROJECT_NOT_FOUND} when the project was deleted after
	 * it was read
	 */
	void insertInTransaction(NewSession session, String sessionSource) {
		RequestSource source = session.source();
		try {
			this.jdbc.update(INSERT_WITH_SOURCE, session.id(), session.tokenHash(), session.tokenPreview(),
					session.linkCodeHash(), session.tokenSealed(), session.projectId(), utc(session.createdAt()),
					utc(session.expiresAt()), source.origin(), source.clientIp(), source.userAgent(), sessionSource);
		}
		catch (DataIntegrityViolationException ex) {
			throw new ApiException(ErrorCode.PROJECT_NOT_FOUND);
		}
	}

	/**
	 * Inserts the pending session of a device authorization with its user code (hashed)
	 * and the link code sealed under that code, committed durably.
	 * @return false when a live session holds the same user code (nothing usable was
	 * written: the session has no code and its device code is never handed out)
	 */
	boolean insertDevice(NewSession session, boolean requestPhone, byte[] userCodeHash, byte[] linkCodeSealed) {
		RequestSource source = session.source();
		try {
			return this.jdbc.update(INSERT_DEVICE, session.id(), session.tokenHash(), session.tokenPreview(),
					session.linkCodeHash(), session.tokenSealed(), session.projectId(), utc(session.createdAt()),
					utc(session.expiresAt()), source.origin(), source.clientIp(), source.userAgent(), requestPhone,
					userCodeHash, linkCodeSealed, utc(session.expiresAt()), utc(session.createdAt())) == 1;
		}
		catch (DataIntegrityViolationException ex) {
			throw new ApiException(ErrorCode.PROJECT_NOT_FOUND);
		}
	}

	/** The sealed link code of a live user code. */
	Optional<byte[]> sealedLinkCode(byte[] userCodeHash, Instant now) {
		List<byte[]> sealed = this.jdbc.query(
				"select link_code_sealed from session_user_codes where user_code_hash = ? and expires_at > ?",
				(rs, row) -> rs.getBytes(1), userCodeHash, utc(now));
		return sealed.stream().findFirst();
	}

	/** The columns a new session starts with; it is {@code pending}. */
	record NewSession(UUID id, byte[] tokenHash, String tokenPreview, byte[] linkCodeHash, byte[] tokenSealed,
			String projectId, Instant createdAt, Instant expiresAt, RequestSource source) {
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
