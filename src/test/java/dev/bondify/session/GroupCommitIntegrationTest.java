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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
 * deleted project fails only its own caller, a project row held by another transaction
 * holds up only that project's callers, an unreachable database fails every caller with
 * the outage, a row still queued at its deadline or on a full queue is answered busy at
 * once, and a row being written is waited for.
 */
class GroupCommitIntegrationTest extends IntegrationTest {

	@Autowired
	private DataSource dataSource;

	private final ExecutorService threads = Executors.newFixedThreadPool(70);

	private final List<AutoCloseable> closing = new ArrayList<>();

	/** The sizes of the batches the writer wrote, in order. */
	private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

	/** Opened by the writer's first statement, which then waits for {@link #release}. */
	private final CountDownLatch entered = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stop() throws Exception {
		this.release.countDown();
		for (AutoCloseable c : this.closing) {
			c.close();
		}
		this.threads.shutdownNow();
	}

	@Test
	void generatesQueuedMeanwhileShareOneStatementAndAreVisibleWhenTheirCallersReturn() throws Exception {
		Project project = this.projects.sandbox();
		GroupCommit commit = heldGroupCommit(64, 128, Duration.ofSeconds(20));
		List<CompletableFuture<Boolean>> visible = new ArrayList<>();
		visible.add(insertAndCheck(commit, newSession(project.getId())));
		awaitWriterHeld();
		for (int i = 0; i < 63; i++) {
			visible.add(insertAndCheck(commit, newSession(project.getId())));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> commit.queued() == 63);
		assertThat(visible).noneMatch(CompletableFuture::isDone);
		this.release.countDown();
		for (CompletableFuture<Boolean> each : visible) {
			assertThat(each.get(20, TimeUnit.SECONDS)).isTrue();
		}
		// The first row alone, then the 63 that queued behind it in one statement.
		assertThat(this.batchSizes).containsExactly(1, 63);
		assertThat(commit.batches()).isEqualTo(2);
		assertThat(this.jdbc.queryForObject("select count(*) from auth_sessions where project_id = ?", Long.class,
				project.getId()))
			.isEqualTo(64);
	}

	@Test
	void aProjectDeletedMeanwhileFailsOnlyItsOwnCaller() throws Exception {
		Project project = this.projects.sandbox();
		GroupCommit commit = heldGroupCommit(64, 128, Duration.ofSeconds(20));
		List<CompletableFuture<Boolean>> good = new ArrayList<>();
		SessionInserts.NewSession orphan = newSession("proj_gone" + UUID.randomUUID().toString().substring(0, 8));
		good.add(insertAndCheck(commit, newSession(project.getId())));
		awaitWriterHeld();
		for (int i = 0; i < 3; i++) {
			good.add(insertAndCheck(commit, newSession(project.getId())));
		}
		CompletableFuture<Boolean> bad = insertAndCheck(commit, orphan);
		for (int i = 0; i < 3; i++) {
			good.add(insertAndCheck(commit, newSession(project.getId())));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> commit.queued() == 7);
		this.release.countDown();
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
	void aProjectRowHeldElsewhereHoldsUpOnlyThatProjectsCallers() throws Exception {
		Project held = this.projects.sandbox();
		Project other = this.projects.sandbox();
		GroupCommit commit = heldGroupCommit(64, 128, Duration.ofSeconds(20));
		CompletableFuture<Boolean> first = insertAndCheck(commit, newSession(other.getId()));
		awaitWriterHeld();
		try (Connection holder = lockProject(held.getId())) {
			CompletableFuture<Boolean> heldOne = insertAndCheck(commit, newSession(held.getId()));
			List<CompletableFuture<Boolean>> others = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				others.add(insertAndCheck(commit, newSession(other.getId())));
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> commit.queued() == 6);
			this.release.countDown();
			assertThat(first.get(20, TimeUnit.SECONDS)).isTrue();
			// The batch of six gave up on the held row after its lock timeout; each row
			// was then written by its own caller: the other project's at once.
			for (CompletableFuture<Boolean> each : others) {
				assertThat(each.get(20, TimeUnit.SECONDS)).isTrue();
			}
			// And the writer is free for the next generates meanwhile.
			assertThat(insertAndCheck(commit, newSession(other.getId())).get(20, TimeUnit.SECONDS)).isTrue();
			assertThat(heldOne).isNotDone();
			holder.rollback();
			assertThat(heldOne.get(20, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void anUnreachableDatabaseFailsEveryWaiterWithTheOutage() throws Exception {
		DriverManagerDataSource down = new DriverManagerDataSource(
				"jdbc:postgresql://127.0.0.1:1/bondify?connectTimeout=1", "nobody", "nothing");
		SessionInserts inserts = new SessionInserts(new JdbcTemplate(down), new SimpleMeterRegistry());
		this.closing.add(inserts::close);
		GroupCommit commit = new GroupCommit(inserts::insertAllWithoutDurableCommit,
				inserts::insertWithoutDurableCommit, 64, 128, Duration.ofSeconds(20));
		this.closing.add(0, commit);
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
	void aQueuedRowIsWithdrawnAtTheDeadlineButARowBeingWrittenIsWaitedFor() throws Exception {
		Project project = this.projects.sandbox();
		GroupCommit commit = heldGroupCommit(64, 128, Duration.ofMillis(500));
		SessionInserts.NewSession inFlight = newSession(project.getId());
		SessionInserts.NewSession queued = newSession(project.getId());
		CompletableFuture<Void> first = CompletableFuture.runAsync(() -> commit.insert(inFlight), this.threads);
		awaitWriterHeld();
		long started = System.nanoTime();
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> commit.insert(queued))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE))
			.satisfies(ex -> assertThat(ex.retryAfterSeconds()).isEqualTo(1L));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		assertThat(commit.queued()).isZero();
		// The row being written when its deadline passed: its caller still waits, and
		// returns once the row is committed (never "busy" about a session that exists).
		assertThat(first).isNotDone();
		this.release.countDown();
		first.get(20, TimeUnit.SECONDS);
		assertThat(
				this.jdbc.queryForObject("select count(*) from auth_sessions where id = ?", Long.class, inFlight.id()))
			.isEqualTo(1);
		SessionInserts.NewSession later = newSession(project.getId());
		commit.insert(later);
		assertThat(this.jdbc.queryForObject("select count(*) from auth_sessions where id = ?", Long.class, queued.id()))
			.isZero();
	}

	@Test
	void aFullQueueAnswersBusyAtOnce() throws Exception {
		Project project = this.projects.sandbox();
		GroupCommit commit = heldGroupCommit(64, 1, Duration.ofSeconds(20));
		CompletableFuture<Boolean> first = insertAndCheck(commit, newSession(project.getId()));
		awaitWriterHeld();
		CompletableFuture<Boolean> second = insertAndCheck(commit, newSession(project.getId()));
		await().atMost(Duration.ofSeconds(10)).until(() -> commit.queued() == 1);
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> commit.insert(newSession(project.getId())))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
		this.release.countDown();
		assertThat(first.get(20, TimeUnit.SECONDS)).isTrue();
		assertThat(second.get(20, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aGenerateQueuedAfterCloseIsAnsweredAtOnce() {
		Project project = this.projects.sandbox();
		GroupCommit commit = heldGroupCommit(64, 128, Duration.ofSeconds(20));
		this.release.countDown();
		commit.close();
		long started = System.nanoTime();
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> commit.insert(newSession(project.getId())))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
	}

	/**
	 * A group commit on the real statements whose first statement waits for
	 * {@link #release}: what queues meanwhile is the next batch.
	 */
	private GroupCommit heldGroupCommit(int maxBatch, int capacity, Duration deadline) {
		SessionInserts inserts = new SessionInserts(this.jdbc, new SimpleMeterRegistry());
		this.closing.add(inserts::close);
		Consumer<List<SessionInserts.NewSession>> insertAll = (batch) -> {
			if (this.entered.getCount() > 0) {
				this.entered.countDown();
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			this.batchSizes.add(batch.size());
			inserts.insertAllWithoutDurableCommit(batch);
		};
		GroupCommit commit = new GroupCommit(insertAll, inserts::insertWithoutDurableCommit, maxBatch, capacity,
				deadline);
		this.closing.add(0, commit);
		return commit;
	}

	private void awaitWriterHeld() throws InterruptedException {
		assertThat(this.entered.await(20, TimeUnit.SECONDS)).as("the writer took the first row").isTrue();
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

	private SessionInserts.NewSession newSession(String projectId) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		String token = "sess_" + UUID.randomUUID();
		return new SessionInserts.NewSession(UUID.randomUUID(), RandomTokens.sha256(token), token.substring(0, 12),
				RandomTokens.sha256("code" + token), new byte[] { 1, 2, 3 }, projectId, now,
				now.plus(Duration.ofMinutes(10)), new RequestSource("https://app.example", "203.0.113.9", "agent/1"));
	}

}
