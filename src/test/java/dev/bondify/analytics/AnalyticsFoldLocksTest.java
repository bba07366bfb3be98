package dev.bondify.analytics;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bondify.session.TestPurges;
import dev.bondify.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The analytics fold (V175, V191) against what else locks the counter rows: a project or
 * developer delete (whose cascade deadlocked with V175's fold), the background purge of a
 * deleted project, and any holder of a folded row (the fold gives way after its lock
 * timeout). Each test has a database of its own, without the application's scheduler, so
 * the statements interleave exactly as written.
 */
class AnalyticsFoldLocksTest {

	private static final String DAY = "2026-03-10 12:00:00+00";

	private final String database = "folds_" + UUID.randomUUID().toString().replace("-", "");

	private final List<Connection> opened = new ArrayList<>();

	// Not the common pool: on 2 cores it has one thread, and the first blocked statement
	// would hold it.
	private final ExecutorService threads = Executors.newCachedThreadPool();

	private TestDatabase.Connection server;

	private String url;

	private JdbcTemplate jdbc;

	@BeforeEach
	void createDatabase() throws SQLException {
		this.server = TestDatabase.get();
		execute(this.server.url(), "create database " + this.database);
		this.url = this.server.url().replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + this.database);
		this.jdbc = new JdbcTemplate(
				new DriverManagerDataSource(this.url, this.server.username(), this.server.password()));
	}

	@AfterEach
	void dropDatabase() throws SQLException {
		this.threads.shutdownNow();
		for (Connection connection : this.opened) {
			connection.close();
		}
		execute(this.server.url(), "drop database if exists " + this.database + " with (force)");
	}

	@Test
	void v175sFoldAndAProjectDeleteDeadlockedAndTheDeleteFailed() throws Exception {
		migrate("175");
		Interleaving run = foldBlockedThenDelete("delete from projects where id = 'proj_b'");
		// The delete took proj_b's folded row and waited for the deltas the fold held;
		// the
		// fold then needed that folded row: PostgreSQL broke the cycle by failing the
		// delete (the waiter that ran the deadlock check first).
		assertThat(run.delete()).isInstanceOf(SQLException.class);
		assertThat(((SQLException) run.delete()).getSQLState()).isEqualTo("40P01");
		assertThat(run.fold()).isNull();
	}

	@Test
	void aProjectDeleteWaitsForTheFoldAndBothSucceed() throws Exception {
		migrate("latest");
		Interleaving run = foldBlockedThenDelete("delete from projects where id = 'proj_b'");
		assertThat(run.fold()).isNull();
		assertThat(run.delete()).isNull();
		assertThat(this.jdbc.queryForObject("select count(*) from analytics_daily where project_id = 'proj_b'",
				Long.class))
			.isZero();
		// proj_a's figures are exact and folded into its one row.
		assertThat(this.jdbc.queryForList(
				"select shard || ':' || sessions from analytics_daily where project_id = 'proj_a'", String.class))
			.containsExactly("0:6");
	}

	@Test
	void aDeveloperDeleteWaitsForTheFoldAndBothSucceed() throws Exception {
		migrate("latest");
		Interleaving run = foldBlockedThenDelete("delete from developers where id = 'dev_b'");
		assertThat(run.fold()).isNull();
		assertThat(run.delete()).isNull();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from analytics_developer_daily_unique where developer_id = 'dev_b'", Long.class))
			.isZero();
		assertThat(this.jdbc.queryForObject(
				"select sum(users) from analytics_developer_daily_unique where developer_id = 'dev_a'", Long.class))
			.isEqualTo(6);
	}

	@Test
	void generatesConfirmsAndRenamesOfAProjectTheFoldHoldsDoNotWait() throws Exception {
		migrate("latest");
		seed();
		// The fold holds proj_b's deltas and KEY SHARE on proj_b (and proj_a) while it
		// waits for proj_a's folded row.
		Connection holder = transaction();
		lockFoldedRow(holder, "analytics_daily", "project_id", "proj_a");
		Blocked fold = blocked(this::fold);
		try (Connection other = connect(); Statement statement = other.createStatement()) {
			statement.execute("set statement_timeout = '3s'");
			statement.executeUpdate(
					"""
							insert into auth_sessions (id, token_hash, token_preview, project_id, status, created_at, expires_at)
							values (gen_random_uuid(), sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'sess_x', 'proj_b',
							        'pending', now(), now() + interval '10 minutes')""");
			assertThat(statement.executeUpdate("""
					update auth_sessions set status = 'confirmed', confirmed_at = now(), telegram_id = '999'
					where id = (select id from auth_sessions where project_id = 'proj_b' and status = 'pending'
					            limit 1)""")).isOne();
			assertThat(statement.executeUpdate("update projects set name = 'Renamed' where id = 'proj_b'")).isOne();
		}
		assertThat(fold.future()).isNotDone();
		holder.commit();
		assertThat(fold.future().get(20, TimeUnit.SECONDS)).isPositive();
	}

	@Test
	void thePurgeOfADeletedProjectNeverWaitsForAFold() throws Exception {
		migrate("latest");
		seed();
		// dev_b keeps a second project; proj_b goes, leaving its sessions and per-user
		// rows to the purge (whose triggers write dev_b's per-developer deltas).
		this.jdbc.update("insert into projects (id, developer_id, name, secret_key, secret_key_hash, created_at) "
				+ "values ('proj_c', 'dev_b', 'C', 'sk_c', sha256(convert_to('sk_c', 'UTF8')), now())");
		this.jdbc.update("delete from projects where id = 'proj_b'");
		sessions("proj_c", 3, 300);
		// The fold holds every delta row of the three tables (and the folded rows before
		// dev_b's) and waits for dev_b's folded row, which the holder keeps locked.
		Connection holder = transaction();
		lockFoldedRow(holder, "analytics_developer_daily_unique", "developer_id", "dev_b");
		Blocked fold = blocked(this::fold);
		CompletableFuture<Void> purge = CompletableFuture.runAsync(() -> TestPurges.drain(this.jdbc), this.threads);
		purge.get(20, TimeUnit.SECONDS);
		assertThat(fold.future()).isNotDone();
		holder.commit();
		assertThat(fold.future().get(20, TimeUnit.SECONDS)).isPositive();
		assertThat(
				this.jdbc.queryForObject("select count(*) from auth_sessions where project_id = 'proj_b'", Long.class))
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from project_purges", Long.class)).isZero();
		// dev_b's users of the day are proj_c's three, once the purge's deltas are
		// folded.
		fold();
		assertThat(this.jdbc.queryForObject(
				"select sum(users) from analytics_developer_daily_unique where developer_id = 'dev_b'", Long.class))
			.isEqualTo(3);
	}

	@Test
	void theJobsFoldGivesWayToAHeldFoldedRowWithinItsLockTimeout() throws Exception {
		migrate("latest");
		seed();
		AnalyticsFolds folds = new AnalyticsFolds(this.jdbc,
				new TransactionTemplate(new DataSourceTransactionManager(this.jdbc.getDataSource())));
		Connection holder = transaction();
		lockFoldedRow(holder, "analytics_daily", "project_id", "proj_a");
		long deltas = deltaRows();
		long start = System.nanoTime();
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(folds::foldBatch)
			.withRootCauseInstanceOf(SQLException.class)
			.satisfies((ex) -> assertThat(((SQLException) ex.getRootCause()).getSQLState()).isEqualTo("55P03"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		// The batch rolled back whole: every delta row is still there, and the scheduled
		// run only pauses.
		assertThat(deltaRows()).isEqualTo(deltas);
		folds.foldWaiting();
		assertThat(deltaRows()).isEqualTo(deltas);
		holder.commit();
		folds.drain();
		assertThat(deltaRows()).isZero();
		assertThat(this.jdbc.queryForObject("select sessions from analytics_daily where project_id = 'proj_a'",
				Integer.class))
			.isEqualTo(6);
	}

	/**
	 * Seeds two developers with a project each and folded rows, adds fresh deltas, makes
	 * a fold wait (holding every delta row) for proj_a's folded row, then runs the delete
	 * until it waits too, and lets the fold go on.
	 */
	private Interleaving foldBlockedThenDelete(String delete) throws Exception {
		seed();
		Connection holder = transaction();
		// proj_a sorts before proj_b, so the fold's upserts reach proj_a's folded row
		// first and wait there with proj_b's deltas already locked.
		lockFoldedRow(holder, "analytics_daily", "project_id", "proj_a");
		Blocked fold = blocked(this::fold);
		Blocked deleting = blocked(() -> {
			try (Connection connection = connect(); Statement statement = connection.createStatement()) {
				statement.execute("set statement_timeout = '20s'");
				return statement.executeUpdate(delete);
			}
		});
		holder.commit();
		return new Interleaving(failure(fold.future()), failure(deleting.future()));
	}

	/**
	 * Two developers, a project each, sessions confirmed by three users, all folded; then
	 * new deltas.
	 */
	private void seed() {
		for (String name : List.of("a", "b")) {
			this.jdbc.update("insert into developers (id, email, password_hash, created_at) values (?, ?, 'x', now())",
					"dev_" + name, name + "@example.com");
			this.jdbc.update("""
					insert into projects (id, developer_id, name, secret_key, secret_key_hash, created_at)
					values (?, ?, 'P', ?, sha256(convert_to(?, 'UTF8')), now())""", "proj_" + name, "dev_" + name,
					"sk_" + name, "sk_" + name);
			sessions("proj_" + name, 3, 100);
		}
		fold();
		assertThat(deltaRows()).isZero();
		for (String name : List.of("a", "b")) {
			sessions("proj_" + name, 3, 200);
		}
		assertThat(deltaRows()).isPositive();
	}

	/** Count sessions of the project on DAY, confirmed by users first, first + 1, .... */
	private void sessions(String projectId, int count, int first) {
		this.jdbc.update("""
				insert into auth_sessions (id, token_hash, token_preview, project_id, status, created_at, expires_at,
				                           confirmed_at, telegram_id)
				select gen_random_uuid(), sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'sess_x', ?,
				       'confirmed', ?::timestamptz, ?::timestamptz + interval '10 minutes', ?::timestamptz,
				       (? + i)::text
				from generate_series(0, ? - 1) as i""", projectId, DAY, DAY, DAY, first, count);
	}

	private int fold() {
		return this.jdbc.queryForObject("select analytics_fold(5000)", Integer.class);
	}

	private long deltaRows() {
		return this.jdbc.queryForObject("""
				select (select count(*) from analytics_daily where shard <> 0)
				     + (select count(*) from analytics_daily_unique where shard <> 0)
				     + (select count(*) from analytics_developer_daily_unique where shard <> 0)""", Long.class);
	}

	private static void lockFoldedRow(Connection holder, String table, String column, String key) throws SQLException {
		try (PreparedStatement statement = holder
			.prepareStatement("select 1 from " + table + " where " + column + " = ? and shard = 0 for update")) {
			statement.setString(1, key);
			try (ResultSet rows = statement.executeQuery()) {
				assertThat(rows.next()).as("the folded row of %s", key).isTrue();
			}
		}
	}

	/**
	 * Starts the work on a connection of its own and returns once that connection's
	 * backend waits for a lock.
	 */
	private Blocked blocked(Work work) throws SQLException {
		List<Integer> pids = backends();
		CompletableFuture<Integer> future = CompletableFuture.supplyAsync(() -> {
			try {
				return work.run();
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}, this.threads);
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			assertThat(future).isNotDone();
			return this.jdbc.queryForObject(
					"select count(*) from pg_stat_activity where datname = ? "
							+ "and wait_event_type = 'Lock' and not (pid = any (?))",
					Long.class, this.database, pids.toArray(Integer[]::new)) > 0;
		});
		return new Blocked(future);
	}

	private List<Integer> backends() {
		return this.jdbc.queryForList("select pid from pg_stat_activity where datname = ? and wait_event_type = 'Lock'",
				Integer.class, this.database);
	}

	private static Throwable failure(CompletableFuture<Integer> future) throws InterruptedException, TimeoutException {
		try {
			future.get(30, TimeUnit.SECONDS);
			return null;
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			return (cause instanceof IllegalStateException && cause.getCause() instanceof SQLException)
					? cause.getCause() : cause;
		}
	}

	private Connection transaction() throws SQLException {
		Connection connection = connect();
		this.opened.add(connection);
		connection.setAutoCommit(false);
		return connection;
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(this.url, this.server.username(), this.server.password());
	}

	private void migrate(String target) {
		Flyway.configure()
			.dataSource(this.url, this.server.username(), this.server.password())
			.locations("classpath:db/migration")
			.target(target)
			.load()
			.migrate();
	}

	private void execute(String url, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, this.server.username(), this.server.password());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/** Work on a connection of its own. */
	@FunctionalInterface
	private interface Work {

		int run() throws SQLException;

	}

	/** Work that was seen waiting for a lock. */
	private record Blocked(CompletableFuture<Integer> future) {
	}

	/** What the fold and the delete ended with (null: success). */
	private record Interleaving(Throwable fold, Throwable delete) {
	}

}
