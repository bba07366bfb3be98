package dev.bondify.session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.PreDestroy;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The exchange's sign-ins of the moment in one durable statement and one commit
 * ({@link AnsweredGroupCommit}): each row does exactly what {@link ConfirmedSignIns} does
 * for one, and its caller returns once the WAL flush of the commit is done.
 * <p>
 * A datum given twice in one batch is claimed by its first row able to write (the others
 * are answered as used); the claims are taken in hash order, so two batches (on two
 * instances) never deadlock on each other's claims. The analytics insert trigger is per
 * statement: a batch adds its rollup deltas once.
 */
@Component
class GroupedSignIns {

	// The single statement's chain, one array per column (the text is the same whatever
	// the batch size, so it stays one prepared statement). set_config(…, true) applies to
	// the statement's own implicit transaction: durable, and a project row held by a
	// developer's change fails the batch after 200 ms (its rows are then retried alone).
	private static final String SIGN_IN_ALL = """
			with input as (
			  select r.*, p.webhook_url is not null as wanted
			  from unnest(?::bytea[], ?::text[]::timestamptz[], ?::uuid[], ?::bytea[], ?::text[], ?::text[],
			              ?::text[]::timestamptz[], ?::text[]::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[],
			              ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::text[], ?::text[])
			       with ordinality
			       as r(datum, keep_until, id, token_hash, token_preview, project_id, now, expires_at, origin, client_ip,
			            user_agent, source, telegram_id, telegram_name, telegram_username, telegram_phone, proof_jti,
			            delivery_id, event, payload, ord)
			  left join projects p on p.id = r.project_id
			  where set_config('synchronous_commit', 'on', true) = 'on'
			    and set_config('lock_timeout', '200ms', true) = '200ms'
			), first as (
			  select distinct on (datum) * from input where payload is not null or not wanted order by datum, ord
			), claimed as (
			  insert into exchange_used_data (data_hash, expires_at)
			  select datum, keep_until from first order by datum
			  on conflict do nothing
			  returning data_hash
			), session as (
			  insert into auth_sessions (id, token_hash, token_preview, project_id, status, created_at, expires_at,
			                             origin, client_ip, user_agent, source, confirmed_at, telegram_id, telegram_name,
			                             telegram_username, telegram_phone, used_at, proof_jti)
			  select f.id, f.token_hash, f.token_preview, f.project_id, 'used', f.now, f.expires_at, f.origin,
			         f.client_ip, f.user_agent, f.source, f.now, f.telegram_id, f.telegram_name, f.telegram_username,
			         f.telegram_phone, f.now, f.proof_jti
			  from first f join claimed c on c.data_hash = f.datum
			  order by f.project_id, f.id
			  returning id
			), queued as (
			  insert into webhook_deliveries (id, project_id, event, payload, state, attempts, next_attempt_at,
			                                  created_at)
			  select f.delivery_id, p.id, f.event, f.payload, 'pending', 0, f.now, f.now
			  from session s join first f on f.id = s.id join projects p on p.id = f.project_id
			  where p.webhook_url is not null and f.payload is not null
			  returning id
			)
			select i.ord, s.id is not null as signed_in, q.id is not null as queued,
			       (i.payload is null and i.wanted) as event_missing
			from input i left join session s on s.id = i.id left join queued q on q.id = i.delivery_id
			order by i.ord""";

	/** Sign-ins one statement writes at most. */
	static final int MAX_BATCH = 64;

	/** Sign-ins that may wait for the writer before the exchange answers 503. */
	static final int QUEUE_CAPACITY = 4096;

	/** How long an exchange waits for its commit before it answers 503. */
	static final Duration DEADLINE = Duration.ofSeconds(5);

	private final JdbcTemplate jdbc;

	private final ConfirmedSignIns single;

	private final AnsweredGroupCommit<ConfirmedSignIns.SignIn, ConfirmedSignIns.Outcome> groupCommit;

	GroupedSignIns(JdbcTemplate jdbc, ConfirmedSignIns single) {
		this.jdbc = jdbc;
		this.single = single;
		this.groupCommit = new AnsweredGroupCommit<>("sign-in-group-commit", this::signInAll, single::signIn, MAX_BATCH,
				QUEUE_CAPACITY, DEADLINE);
	}

	/**
	 * Signs in with the others of the moment and returns once committed durably; inside a
	 * caller's transaction, the single statement joins it instead.
	 * @throws dev.bondify.system.ApiException {@code PROJECT_NOT_FOUND} when the project
	 * was deleted after it was read, {@code SERVICE_UNAVAILABLE} when the writer is
	 * saturated
	 */
	ConfirmedSignIns.Outcome signIn(ConfirmedSignIns.SignIn signIn) {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return this.single.signIn(signIn);
		}
		return this.groupCommit.write(signIn);
	}

	/** How many batch statements were written so far. */
	long batches() {
		return this.groupCommit.batches();
	}

	/** Stops the writer with the application. */
	@PreDestroy
	void close() {
		this.groupCommit.close();
	}

	/**
	 * Runs the sign-ins of {@code batch} in one autocommitted durable statement, all or
	 * none (a constraint one row breaks fails the statement); the outcomes in its order.
	 */
	List<ConfirmedSignIns.Outcome> signInAll(List<ConfirmedSignIns.SignIn> batch) {
		Columns c = new Columns(batch.size());
		for (ConfirmedSignIns.SignIn s : batch) {
			c.add(s);
		}
		return this.jdbc.execute((ConnectionCallback<List<ConfirmedSignIns.Outcome>>) connection -> {
			try (PreparedStatement statement = connection.prepareStatement(SIGN_IN_ALL)) {
				Object[][] columns = { c.datum, c.keepUntil, c.id, c.tokenHash, c.tokenPreview, c.projectId, c.now,
						c.expiresAt, c.origin, c.clientIp, c.userAgent, c.source, c.telegramId, c.telegramName,
						c.telegramUsername, c.telegramPhone, c.proofJti, c.deliveryId, c.event, c.payload };
				String[] types = { "bytea", "text", "uuid", "bytea", "text", "text", "text", "text", "text", "text",
						"text", "text", "text", "text", "text", "text", "text", "uuid", "text", "text" };
				for (int i = 0; i < columns.length; i++) {
					statement.setArray(i + 1, connection.createArrayOf(types[i], columns[i]));
				}
				List<ConfirmedSignIns.Outcome> outcomes = new ArrayList<>(batch.size());
				try (ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						outcomes.add(new ConfirmedSignIns.Outcome(rows.getBoolean("signed_in"),
								rows.getBoolean("queued"), rows.getBoolean("event_missing")));
					}
				}
				return outcomes;
			}
		});
	}

	/** The batch as one array per column. */
	private static final class Columns {

		final byte[][] datum;

		final String[] keepUntil;

		final UUID[] id;

		final byte[][] tokenHash;

		final String[] tokenPreview;

		final String[] projectId;

		final String[] now;

		final String[] expiresAt;

		final String[] origin;

		final String[] clientIp;

		final String[] userAgent;

		final String[] source;

		final String[] telegramId;

		final String[] telegramName;

		final String[] telegramUsername;

		final String[] telegramPhone;

		final String[] proofJti;

		final UUID[] deliveryId;

		final String[] event;

		final String[] payload;

		private int n;

		Columns(int size) {
			this.datum = new byte[size][];
			this.keepUntil = new String[size];
			this.id = new UUID[size];
			this.tokenHash = new byte[size][];
			this.tokenPreview = new String[size];
			this.projectId = new String[size];
			this.now = new String[size];
			this.expiresAt = new String[size];
			this.origin = new String[size];
			this.clientIp = new String[size];
			this.userAgent = new String[size];
			this.source = new String[size];
			this.telegramId = new String[size];
			this.telegramName = new String[size];
			this.telegramUsername = new String[size];
			this.telegramPhone = new String[size];
			this.proofJti = new String[size];
			this.deliveryId = new UUID[size];
			this.event = new String[size];
			this.payload = new String[size];
		}

		void add(ConfirmedSignIns.SignIn s) {
			int i = this.n++;
			this.datum[i] = s.datum().hash();
			this.keepUntil[i] = s.datum().keepUntil().toString();
			this.id[i] = s.id();
			this.tokenHash[i] = s.tokenHash();
			this.tokenPreview[i] = s.tokenPreview();
			this.projectId[i] = s.projectId();
			this.now[i] = s.now().toString();
			this.expiresAt[i] = s.expiresAt().toString();
			this.origin[i] = s.source().origin();
			this.clientIp[i] = s.source().clientIp();
			this.userAgent[i] = s.source().userAgent();
			this.source[i] = s.sessionSource();
			this.telegramId[i] = Long.toString(s.identity().id());
			this.telegramName[i] = s.identity().name();
			this.telegramUsername[i] = s.identity().username();
			this.telegramPhone[i] = s.sealedPhone();
			this.proofJti[i] = s.proofJti();
			this.deliveryId[i] = UUID.randomUUID();
			this.event[i] = (s.webhook() != null) ? s.webhook().event() : null;
			this.payload[i] = (s.webhook() != null) ? s.webhook().sealedPayload() : null;
		}

	}

}
