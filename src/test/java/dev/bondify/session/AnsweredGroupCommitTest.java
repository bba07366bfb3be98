package dev.bondify.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The answered group commit's rules without a database: each caller gets its own row's
 * answer, a batch that breaks a constraint is retried row by row on the callers' threads,
 * any other failure reaches every caller, the writer survives an error, and a full queue,
 * a row still queued at its deadline or a closed writer answer 503 at once, and a row
 * already being written is waited for.
 */
class AnsweredGroupCommitTest {

	private final ExecutorService threads = Executors.newFixedThreadPool(40);

	private final List<AutoCloseable> closing = new ArrayList<>();

	/** The batches the writer was given, in order. */
	private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

	/** The rows retried alone, with the thread that retried them. */
	private final List<String> retried = new CopyOnWriteArrayList<>();

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
	void rowsQueuedMeanwhileShareOneBatchAndEachCallerGetsItsOwnAnswer() throws Exception {
		AnsweredGroupCommit<Integer, String> commit = held((batch) -> batch.stream().map(i -> "row " + i).toList(), 64,
				128, Duration.ofSeconds(20));
		List<CompletableFuture<String>> answers = new ArrayList<>();
		answers.add(write(commit, 0));
		awaitWriterHeld();
		for (int i = 1; i <= 20; i++) {
			answers.add(write(commit, i));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> commit.queued() == 20);
		this.release.countDown();
		for (int i = 0; i <= 20; i++) {
			assertThat(answers.get(i).get(20, TimeUnit.SECONDS)).isEqualTo("row " + i);
		}
		assertThat(this.batches).hasSize(2);
		assertThat(this.batches.get(0)).containsExactly(0);
		assertThat(this.batches.get(1)).hasSize(20);
		assertThat(commit.batches()).isEqualTo(2);
	}

	@Test
	void aBrokenConstraintRetriesEachRowAloneOnItsCallersThread() throws Exception {
		AnsweredGroupCommit<Integer, String> commit = held((batch) -> {
			if (batch.contains(13)) {
				throw new DataIntegrityViolationException("row 13 breaks a key");
			}
			return batch.stream().map(i -> "row " + i).toList();
		}, 64, 128, Duration.ofSeconds(20));
		CompletableFuture<String> first = write(commit, 0);
		awaitWriterHeld();
		CompletableFuture<String> good = write(commit, 12);
		CompletableFuture<String> bad = write(commit, 13);
		await().atMost(Duration.ofSeconds(20)).until(() -> commit.queued() == 2);
		this.release.countDown();
		assertThat(first.get(20, TimeUnit.SECONDS)).isEqualTo("row 0");
		assertThat(good.get(20, TimeUnit.SECONDS)).isEqualTo("alone 12");
		assertThat(bad).failsWithin(Duration.ofSeconds(20))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOfSatisfying(ApiException.class,
					ex -> assertThat(ex.code()).isEqualTo(ErrorCode.PROJECT_NOT_FOUND));
		// Neither retry ran on the writer thread.
		assertThat(this.retried).hasSize(2).noneMatch(r -> r.contains("sign-in-test-writer"));
		// The writer goes on.
		assertThat(write(commit, 5).get(20, TimeUnit.SECONDS)).isEqualTo("row 5");
	}

	@Test
	void anyOtherFailureReachesEveryCallerOfTheBatchAndTheWriterSurvivesAnError() throws Exception {
		AnsweredGroupCommit<Integer, String> commit = held((batch) -> {
			if (batch.contains(1)) {
				throw new DataAccessResourceFailureException("database down");
			}
			if (batch.contains(2)) {
				throw new OutOfMemoryError("simulated");
			}
			return batch.stream().map(i -> "row " + i).toList();
		}, 64, 128, Duration.ofSeconds(20));
		this.release.countDown();
		assertThat(write(commit, 1)).failsWithin(Duration.ofSeconds(20))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(DataAccessResourceFailureException.class);
		assertThat(write(commit, 2)).failsWithin(Duration.ofSeconds(20))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(IllegalStateException.class);
		assertThat(write(commit, 3).get(20, TimeUnit.SECONDS)).isEqualTo("row 3");
		assertThat(this.retried).isEmpty();
	}

	@Test
	void aBatchAnsweredWithTheWrongCountFailsItsCallers() {
		AnsweredGroupCommit<Integer, String> commit = held((batch) -> List.of(), 64, 128, Duration.ofSeconds(20));
		this.release.countDown();
		assertThat(write(commit, 1)).failsWithin(Duration.ofSeconds(20))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(IllegalStateException.class);
	}

	@Test
	void aQueuedRowIsWithdrawnAtTheDeadlineButARowBeingWrittenIsWaitedFor() throws Exception {
		AnsweredGroupCommit<Integer, String> commit = held((batch) -> batch.stream().map(i -> "row " + i).toList(), 64,
				128, Duration.ofMillis(300));
		CompletableFuture<String> first = write(commit, 0);
		awaitWriterHeld();
		long started = System.nanoTime();
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> commit.write(1))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE))
			.satisfies(ex -> assertThat(ex.retryAfterSeconds()).isEqualTo(1L));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		assertThat(commit.queued()).isZero();
		// Row 0 was being written when its deadline passed: its caller still waits, and
		// gets the row's answer once the statement ends (a sign-in that committed is
		// never
		// answered "busy").
		assertThat(first).isNotDone();
		this.release.countDown();
		assertThat(first.get(20, TimeUnit.SECONDS)).isEqualTo("row 0");
		assertThat(commit.write(2)).isEqualTo("row 2");
		// The withdrawn row never reached a batch.
		assertThat(this.batches).noneMatch(b -> b.contains(1));
	}

	@Test
	void aFullQueueAndAClosedWriterAnswerBusyAtOnce() throws Exception {
		AnsweredGroupCommit<Integer, String> commit = held((batch) -> batch.stream().map(i -> "row " + i).toList(), 64,
				1, Duration.ofSeconds(20));
		CompletableFuture<String> first = write(commit, 0);
		awaitWriterHeld();
		CompletableFuture<String> second = write(commit, 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> commit.queued() == 1);
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> commit.write(2))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
		this.release.countDown();
		assertThat(first.get(20, TimeUnit.SECONDS)).isEqualTo("row 0");
		assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo("row 1");
		commit.close();
		long started = System.nanoTime();
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> commit.write(3))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
	}

	/** A group commit whose first batch waits for {@link #release}. */
	private AnsweredGroupCommit<Integer, String> held(Function<List<Integer>, List<String>> writeAll, int maxBatch,
			int capacity, Duration deadline) {
		Function<List<Integer>, List<String>> holding = (batch) -> {
			if (this.entered.getCount() > 0) {
				this.entered.countDown();
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			this.batches.add(List.copyOf(batch));
			return writeAll.apply(batch);
		};
		Function<Integer, String> writeOne = (row) -> {
			this.retried.add(row + " on " + Thread.currentThread().getName());
			if (row == 13) {
				throw new ApiException(ErrorCode.PROJECT_NOT_FOUND);
			}
			return "alone " + row;
		};
		AnsweredGroupCommit<Integer, String> commit = new AnsweredGroupCommit<>("sign-in-test-writer", holding,
				writeOne, maxBatch, capacity, deadline);
		this.closing.add(0, commit);
		return commit;
	}

	private void awaitWriterHeld() throws InterruptedException {
		assertThat(this.entered.await(20, TimeUnit.SECONDS)).as("the writer took the first row").isTrue();
	}

	private CompletableFuture<String> write(AnsweredGroupCommit<Integer, String> commit, int row) {
		return CompletableFuture.supplyAsync(() -> commit.write(row), this.threads);
	}

}
