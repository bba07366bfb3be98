package dev.bondify.session;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

	/** The columns a new session starts with; it is {@code pending}. */
	record NewSession(UUID id, byte[] tokenHash, String tokenPreview, byte[] linkCodeHash, byte[] tokenSealed,
			String projectId, Instant createdAt, Instant expiresAt, RequestSource source) {
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
