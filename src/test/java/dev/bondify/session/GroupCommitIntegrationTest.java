package dev.bondify.session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.bondify.project.Project;
import dev.bondify.support.IntegrationTest;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.RandomTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The group commit on a real PostgreSQL: rows queued while a statement runs share the
 * next one, each caller returns only once its row is visible to another connection, a
 * deleted project fails only its own caller, an unreachable database fails every caller
 * with the outage, and nobody waits past the deadline or on a full queue.
 */
class GroupCommitIntegrationTest extends IntegrationTest {

	@Autowired
	private DataSource dataSource;

	private final ExecutorService threads = Executors.newFixedThreadPool(70);

	private final List<AutoCloseable> closing = new ArrayList<>();

	@AfterEach
	void stop() throws Exception {
		for (AutoCloseable c : this.closing) {
			c.close();
		}
		this.threads.shutdownNow();
	}

	@Test
	void generatesQueuedMeanwhileShareOneStatementAndAreVisibleWhenTheirCallersReturn() throws Exception {
		Project project = this.projects.sandbox();
		GroupCommit commit = groupCommit(new SessionInserts(this.jdbc), 64, 128, Duration.ofSeconds(20));
		List<CompletableFuture<Boolean>> visible = new ArrayList<>();
		try (Connection holder = lockProject(project.getId())) {
			visible.add(insertAndCheck(commit, newSession(project.getId())));
			awaitInsertBlocked();
			for (int i = 0; i < 63; i++) {
				visible.add(insertAndCheck(commit, newSession(project.getId())));
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> commit.queued() == 63);
			assertThat(visible).noneMatch(CompletableFuture::isDone);
			holder.rollback();
		}
		for (CompletableFuture<Boolean> each : visible) {
			assertThat(each.get(20, TimeUnit.SECONDS)).isTrue();
		}
		// The first row alone, then the 63 that queued behind it in one statement.
		assertThat(commit.batches()).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select count(*) from auth_sessions where project_id = ?", Long.class,
				project.getId()))
			.isEqualTo(64);
	}

	@Test
	void aProjectDeletedMeanwhileFailsOnlyItsOwnCaller() throws Exception {
		Project project = this.projects.sandbox();
		GroupCommit commit = groupCommit(new SessionInserts(this.jdbc), 64, 128, Duration.ofSeconds(20));
		List<CompletableFuture<Boolean>> good = new ArrayList<>();
		SessionInserts.NewSession orphan = newSession("proj_gone" + UUID.randomUUID().toString().substring(0, 8));
		CompletableFuture<Boolean> bad;
		try (Connection holder = lockProject(project.getId())) {
			good.add(insertAndCheck(commit, newSession(project.getId())));
			awaitInsertBlocked();
			for (int i = 0; i < 3; i++) {
				good.add(insertAndCheck(commit, newSession(project.getId())));
			}
			bad = insertAndCheck(commit, orphan);
			for (int i = 0; i < 3; i++) {
				good.add(insertAndCheck(commit, newSession(project.getId())));
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> commit.queued() == 7);
			holder.rollback();
		}
		for (CompletableFuture<Boolean> each : good) {
			assertThat(each.get(20, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(bad).failsWithin(Duration.ofSeconds(20))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOfSatisfying(ApiException.class,
					ex -> assertThat(ex.code()).isEqualTo(ErrorCode.PROJECT_NOT_FOUND));
		assertThat(this.jdbc.queryForObject("select count(*) from auth_sessions where id = ?", Long.class, orphan.id()))
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from auth_sessions where project_id = ?", Long.class,
				project.getId()))
			.isEqualTo(7);
	}

	@Test
	void anUnreachableDatabaseFailsEveryWaiterWithTheOutage() throws Exception {
		DriverManagerDataSource down = new DriverManagerDataSource(
				"jdbc:postgresql://127.0.0.1:1/bondify?connectTimeout=1", "nobody", "nothing");
		GroupCommit commit = groupCommit(new SessionInserts(new JdbcTemplate(down)), 64, 128, Duration.ofSeconds(20));
		List<CompletableFuture<Void>> calls = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			SessionInserts.NewSession session = newSession("proj_any");
			calls.add(CompletableFuture.runAsync(() -> commit.insert(session), this.threads));
		}
		for (CompletableFuture<Void> call : calls) {
			assertThat(call).failsWithin(Duration.ofSeconds(20))
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.havingCause()
				.isInstanceOf(DataAccessResourceFailureException.class);
		}
	}

	@Test
	void aCallerWaitsNoLongerThanTheDeadlineAndItsQueuedRowIsWithdrawn() throws Exception {
		Project project = this.projects.sandbox();
		GroupCommit commit = groupCommit(new SessionInserts(this.jdbc), 64, 128, Duration.ofMillis(500));
		SessionInserts.NewSession inFlight = newSession(project.getId());
		SessionInserts.NewSession queued = newSession(project.getId());
		try (Connection holder = lockProject(project.getId())) {
			CompletableFuture<Void> first = CompletableFuture.runAsync(() -> commit.insert(inFlight), this.threads);
			awaitInsertBlocked();
			long started = System.nanoTime();
			assertThatExceptionOfType(ApiException.class).isThrownBy(() -> commit.insert(queued))
				.satisfies(ex -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE))
				.satisfies(ex -> assertThat(ex.retryAfterSeconds()).isEqualTo(1L));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
			assertThat(commit.queued()).isZero();
			assertThat(first).failsWithin(Duration.ofSeconds(10))
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.havingCause()
				.isInstanceOf(ApiException.class);
			holder.rollback();
		}
		// The row being written when its caller gave up still lands; the queued one
		// never.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.queryForObject("select count(*) from auth_sessions where id = ?", Long.class,
					inFlight.id()) == 1);
		SessionInserts.NewSession later = newSession(project.getId());
		commit.insert(later);
		assertThat(this.jdbc.queryForObject("select count(*) from auth_sessions where id = ?", Long.class, queued.id()))
			.isZero();
	}

	@Test
	void aFullQueueAnswersBusyAtOnce() throws Exception {
		Project project = this.projects.sandbox();
		GroupCommit commit = groupCommit(new SessionInserts(this.jdbc), 64, 1, Duration.ofSeconds(20));
		try (Connection holder = lockProject(project.getId())) {
			CompletableFuture<Boolean> first = insertAndCheck(commit, newSession(project.getId()));
			awaitInsertBlocked();
			CompletableFuture<Boolean> second = insertAndCheck(commit, newSession(project.getId()));
			await().atMost(Duration.ofSeconds(10)).until(() -> commit.queued() == 1);
			assertThatExceptionOfType(ApiException.class).isThrownBy(() -> commit.insert(newSession(project.getId())))
				.satisfies(ex -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
			holder.rollback();
			assertThat(first.get(20, TimeUnit.SECONDS)).isTrue();
			assertThat(second.get(20, TimeUnit.SECONDS)).isTrue();
		}
	}

	private GroupCommit groupCommit(SessionInserts inserts, int maxBatch, int capacity, Duration deadline) {
		this.closing.add(inserts::close);
		GroupCommit commit = new GroupCommit(inserts::insertAllWithoutDurableCommit,
				inserts::insertWithoutDurableCommit, maxBatch, capacity, deadline);
		this.closing.add(0, commit);
		return commit;
	}

	/** Inserts on a thread of its own; true when another connection sees the row then. */
	private CompletableFuture<Boolean> insertAndCheck(GroupCommit commit, SessionInserts.NewSession session) {
		return CompletableFuture.supplyAsync(() -> {
			commit.insert(session);
			return this.jdbc.queryForObject("select count(*) from auth_sessions where id = ?", Long.class,
					session.id()) == 1;
		}, this.threads);
	}

	/** A transaction holding the project row, so an insert's foreign key check waits. */
	private Connection lockProject(String projectId) throws Exception {
		Connection connection = this.dataSource.getConnection();
		connection.setAutoCommit(false);
		try (PreparedStatement lock = connection.prepareStatement("select 1 from projects where id = ? for update")) {
			lock.setString(1, projectId);
			lock.executeQuery().close();
		}
		return connection;
	}

	private void awaitInsertBlocked() {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc
				.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
						+ "and query like 'insert into auth_sessions%'", Long.class) > 0);
	}

	private SessionInserts.NewSession newSession(String projectId) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		String token = "sess_" + UUID.randomUUID();
		return new SessionInserts.NewSession(UUID.randomUUID(), RandomTokens.sha256(token), token.substring(0, 12),
				RandomTokens.sha256("code" + token), new byte[] { 1, 2, 3 }, projectId, now,
				now.plus(Duration.ofMinutes(10)), new RequestSource("https://app.example", "203.0.113.9", "agent/1"));
	}

}
