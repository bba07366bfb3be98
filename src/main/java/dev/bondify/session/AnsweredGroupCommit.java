package dev.bondify.session;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedRuntimeException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;

import dev.bondify.system.ApiException;

/**
 * A group commit whose rows each get their own answer: concurrent callers queue a row,
 * one writer thread writes everything queued (up to a batch) with one statement and one
 * commit, and each caller returns its row's answer once that commit is done.
 */
// Generate's GroupCommit is built on it (every row's answer "inserted"). The rules:
// - a batch that breaks a constraint (a project deleted since it was read) or waits
// longer than its lock timeout is retried one row at a time, each on its caller's own
// thread, so only the bad row's caller gets its error and the writer goes on;
// - any other failure (the database unreachable, a busy pool) is every caller's failure,
// rethrown on its thread so the usual 503 answers apply;
// - a full queue, a caller whose row is still queued at its deadline or a closed writer
// is a 503 "busy" (Retry-After 1), the row withdrawn so it is never written. A row the
// writer has already taken is waited for (at most IN_FLIGHT more): its statement may
// commit, and a caller told "busy" after its sign-in committed would find its datum
// spent and never learn the proof.
// Whether a commit is durable is the statement's business, not the writer's.
public final class AnsweredGroupCommit<T, R> implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(AnsweredGroupCommit.class);

	// The writer's answer to a batch that must be retried row by row by its callers.
	private static final RuntimeException RETRY_ALONE = new RuntimeException("retry alone", null, false, false) {
	};

	// How long a caller waits past its deadline for a row the writer has taken: the
	// statement's own timeouts end it long before.
	private static final Duration IN_FLIGHT = Duration.ofSeconds(30);

	private final Function<List<T>, List<R>> writeAll;

	private final Function<T, R> writeOne;

	private final int maxBatch;

	private final long deadlineNanos;

	private final BlockingQueue<Pending<T, R>> queue;

	private final AtomicLong batches = new AtomicLong();

	private final Thread writer;

	private volatile boolean open = true;

	/**
	 * Starts the writer thread {@code name}; {@code writeAll} answers a batch in its
	 * order, {@code writeOne} is a row's retry on its caller's thread.
	 */
	public AnsweredGroupCommit(String name, Function<List<T>, List<R>> writeAll, Function<T, R> writeOne, int maxBatch,
			int capacity, Duration deadline) {
		this.writeAll = writeAll;
		this.writeOne = writeOne;
		this.maxBatch = maxBatch;
		this.deadlineNanos = deadline.toNanos();
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.writer = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
		this.writer.start();
	}

	/**
	 * Writes {@code row} with the others queued meanwhile and returns its answer once the
	 * statement has committed.
	 * @throws ApiException {@code SERVICE_UNAVAILABLE} when the queue is full, the
	 * deadline passed or the writer is closed; any error of {@code writeOne}
	 * @throws RuntimeException the database failure that failed its batch
	 */
	public R write(T row) {
		Pending<T, R> pending = new Pending<>(row, new CompletableFuture<>());
		if (!this.open || !this.queue.offer(pending)) {
			throw ApiException.serviceUnavailable(GroupCommit.BUSY, 1L);
		}
		if (!this.open && this.queue.remove(pending)) {
			// Closed while we queued: close() may already have drained the queue.
			throw ApiException.serviceUnavailable(GroupCommit.BUSY, 1L);
		}
		try {
			try {
				return pending.answer().get(this.deadlineNanos, TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				if (this.queue.remove(pending)) {
					throw ex;
				}
				// Taken by the writer: its outcome is this caller's answer.
				return pending.answer().get(IN_FLIGHT.toNanos(), TimeUnit.NANOSECONDS);
			}
		}
		catch (ExecutionException ex) {
			if (ex.getCause() == RETRY_ALONE) {
				return this.writeOne.apply(row);
			}
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException("The group commit failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw ApiException.serviceUnavailable(GroupCommit.BUSY, 1L);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.queue.remove(pending);
			throw ApiException.serviceUnavailable(GroupCommit.BUSY, 1L);
		}
	}

	/** How many statements wrote batches so far (per-row retries not counted). */
	public long batches() {
		return this.batches.get();
	}

	/** How many rows wait for the writer. */
	public int queued() {
		return this.queue.size();
	}

	/** Stops the writer; rows still queued are answered 503. */
	@Override
	public void close() {
		this.open = false;
		this.writer.interrupt();
		try {
			this.writer.join(Duration.ofSeconds(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		List<Pending<T, R>> left = new ArrayList<>();
		this.queue.drainTo(left);
		left.forEach(p -> p.answer().completeExceptionally(ApiException.serviceUnavailable(GroupCommit.BUSY, 1L)));
	}

	private void run() {
		List<Pending<T, R>> batch = new ArrayList<>(this.maxBatch);
		while (this.open) {
			try {
				batch.add(this.queue.take());
			}
			catch (InterruptedException ex) {
				continue;
			}
			this.queue.drainTo(batch, this.maxBatch - 1);
			try {
				write(batch);
			}
			catch (Throwable ex) {
				// Never lose the writer: every caller of the instance depends on it.
				log.error("The group commit {} failed", this.writer.getName(), ex);
				batch.forEach(p -> p.answer().completeExceptionally(ex));
			}
			batch.clear();
		}
	}

	private void write(List<Pending<T, R>> batch) {
		try {
			List<R> answers = this.writeAll.apply(batch.stream().map(Pending::row).toList());
			if (answers.size() != batch.size()) {
				throw new IllegalStateException(
						"A batch of " + batch.size() + " rows was answered " + answers.size() + " times");
			}
			this.batches.incrementAndGet();
			for (int i = 0; i < batch.size(); i++) {
				batch.get(i).answer().complete(answers.get(i));
			}
		}
		catch (RuntimeException ex) {
			RuntimeException answer = retryAlone(ex) ? RETRY_ALONE : ex;
			batch.forEach(p -> p.answer().completeExceptionally(answer));
		}
		finally {
			// The interrupt of close() may have set it.
			Thread.interrupted();
		}
	}

	// A broken constraint, a deadlock or the batch's lock timeout (SQLSTATE 55P03, which
	// the JDBC template may leave uncategorised) concerns some rows only.
	private static boolean retryAlone(RuntimeException ex) {
		if (ex instanceof DataIntegrityViolationException || ex instanceof PessimisticLockingFailureException) {
			return true;
		}
		return ex instanceof NestedRuntimeException nested && nested.getMostSpecificCause() instanceof SQLException sql
				&& "55P03".equals(sql.getSQLState());
	}

	/** A queued row and the future its caller waits on. */
	private record Pending<T, R>(T row, CompletableFuture<R> answer) {
	}

}
