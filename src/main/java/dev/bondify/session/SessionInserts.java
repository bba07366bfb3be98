package dev.bondify.session;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * The insert of a generated session, the whole database cost of generate once the project
 * comes from memory: autocommitted statements committed without waiting for the WAL
 * flush, shared by the generates of the moment ({@link GroupCommit}: one statement and
 * one commit for up to {@value #MAX_BATCH} sessions).
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

	// Many generated sessions in one statement (the group commit): one array per column,
	// so the text is the same whatever the batch size and stays one prepared statement.
	// The analytics trigger is per statement, so the batch updates its counters once.
	private static final String INSERT_ALL = """
			insert into auth_sessions (id, token_hash, token_preview, link_code_hash, token_sealed, project_id, status,
			                           created_at, expires_at, origin, client_ip, user_agent)
			select r.id, r.token_hash, r.token_preview, r.link_code_hash, r.token_sealed, r.project_id, 'pending',
			       r.created_at, r.expires_at, r.origin, r.client_ip, r.user_agent
			from unnest(?::uuid[], ?::bytea[], ?::text[], ?::bytea[], ?::bytea[], ?::text[], ?::text[]::timestamptz[],
			            ?::text[]::timestamptz[], ?::text[], ?::text[], ?::text[])
			     as r(id, token_hash, token_preview, link_code_hash, token_sealed, project_id, created_at, expires_at,
			          origin, client_ip, user_agent)
			where set_config('synchronous_commit', 'off', true) = 'off' and set_config('lock_timeout', '200ms', true) = '200ms'""";

	/** Rows one group-commit statement writes at most. */
	static final int MAX_BATCH = 64;

	/** Rows that may wait for the group commit before generate answers 503. */
	static final int QUEUE_CAPACITY = 4096;

	/** How long a generate waits for its row's commit before it answers 503. */
	static final Duration DEADLINE = Duration.ofSeconds(5);

	private final JdbcTemplate jdbc;

	private final GroupCommit groupCommit;

	/**
	 * {@code bondify.sessions.generated}: counted here, where a new session is committed.
	 */
	// A Spring event (with a transactional listener in the metrics) did this before: its
	// multicast, payload type resolution and reflective call were a quarter of
	// SessionService.generate in the 08:05 profile, for one counter increment.
	private final Counter generated;

	SessionInserts(JdbcTemplate jdbc, MeterRegistry registry) {
		this.jdbc = jdbc;
		this.generated = Counter.builder("bondify.sessions.generated")
			.description("Sign-in sessions created")
			.register(registry);
		this.groupCommit = new GroupCommit(this::insertAllWithoutDurableCommit, this::insertWithoutDurableCommit,
				MAX_BATCH, QUEUE_CAPACITY, DEADLINE);
	}

	/**
	 * Inserts a new pending session together with the others generated meanwhile (one
	 * statement, one commit without waiting for the WAL flush) and returns once it is
	 * committed, so every instance sees it before its answer is sent.
	 * @throws ApiException {@code PROJECT_NOT_FOUND} when the project was deleted after
	 * it was read, {@code SERVICE_UNAVAILABLE} when the writer is saturated
	 */
	void insertGrouped(NewSession session) {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			// A caller's transaction decides: the row commits or rolls back with it.
			insertWithoutDurableCommit(session);
		}
		else {
			this.groupCommit.insert(session);
		}
		countGenerated();
	}

	/**
	 * Counts a session inserted now: at once, or when the caller's transaction commits.
	 */
	private void countGenerated() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			this.generated.increment();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				SessionInserts.this.generated.increment();
			}

		});
	}

	/** Stops the group commit's writer with the application. */
	@PreDestroy
	void close() {
		this.groupCommit.close();
	}

	/**
	 * Inserts and commits many pending sessions in one autocommitted statement; all or
	 * none (a constraint one row breaks fails the statement).
	 */
	void insertAllWithoutDurableCommit(List<NewSession> batch) {
		int n = batch.size();
		UUID[] ids = new UUID[n];
		byte[][] tokenHashes = new byte[n][];
		String[] previews = new String[n];
		byte[][] linkCodeHashes = new byte[n][];
		byte[][] sealed = new byte[n][];
		String[] projectIds = new String[n];
		String[] createdAt = new String[n];
		String[] expiresAt = new String[n];
		String[] origins = new String[n];
		String[] clientIps = new String[n];
		String[] userAgents = new String[n];
		for (int i = 0; i < n; i++) {
			NewSession s = batch.get(i);
			ids[i] = s.id();
			tokenHashes[i] = s.tokenHash();
			previews[i] = s.tokenPreview();
			linkCodeHashes[i] = s.linkCodeHash();
			sealed[i] = s.tokenSealed();
			projectIds[i] = s.projectId();
			createdAt[i] = s.createdAt().toString();
			expiresAt[i] = s.expiresAt().toString();
			origins[i] = s.source().origin();
			clientIps[i] = s.source().clientIp();
			userAgents[i] = s.source().userAgent();
		}
		this.jdbc.execute((ConnectionCallback<Integer>) connection -> {
			try (PreparedStatement insert = connection.prepareStatement(INSERT_ALL)) {
				insert.setArray(1, connection.createArrayOf("uuid", ids));
				insert.setArray(2, connection.createArrayOf("bytea", tokenHashes));
				insert.setArray(3, connection.createArrayOf("text", previews));
				insert.setArray(4, connection.createArrayOf("bytea", linkCodeHashes));
				insert.setArray(5, connection.createArrayOf("bytea", sealed));
				insert.setArray(6, connection.createArrayOf("text", projectIds));
				insert.setArray(7, connection.createArrayOf("text", createdAt));
				insert.setArray(8, connection.createArrayOf("text", expiresAt));
				insert.setArray(9, connection.createArrayOf("text", origins));
				insert.setArray(10, connection.createArrayOf("text", clientIps));
				insert.setArray(11, connection.createArrayOf("text", userAgents));
				return insert.executeUpdate();
			}
		});
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
			// The only key a fresh random token can break is the project's.
			throw missingProjectOr(ex);
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
		boolean inserted;
		try {
			inserted = this.jdbc.update(INSERT_DEVICE, session.id(), session.tokenHash(), session.tokenPreview(),
					session.linkCodeHash(), session.tokenSealed(), session.projectId(), utc(session.createdAt()),
					utc(session.expiresAt()), source.origin(), source.clientIp(), source.userAgent(), requestPhone,
					userCodeHash, linkCodeSealed, utc(session.expiresAt()), utc(session.createdAt())) == 1;
		}
		catch (DataIntegrityViolationException ex) {
			throw missingProjectOr(ex);
		}
		if (inserted) {
			countGenerated();
		}
		return inserted;
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

	/**
	 * {@code PROJECT_NOT_FOUND} for a broken foreign key (the project was deleted after
	 * it was read); any other broken constraint (a value too long, a check) is a fault of
	 * ours and stays what it is.
	 */
	static RuntimeException missingProjectOr(DataIntegrityViolationException ex) {
		return (ex.getMostSpecificCause() instanceof SQLException sql && "23503".equals(sql.getSQLState()))
				? new ApiException(ErrorCode.PROJECT_NOT_FOUND) : ex;
	}

}
