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
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedRuntimeException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;

import dev.bondify.system.ApiException;

/**
 * Group commit of generated sessions: concurrent generates queue their row, one writer
 * thread inserts everything queued (up to a batch) in one statement and one commit, and
 * each caller returns only once its own row is committed.
 */
// A small writer rather than a leader elected among the callers: a leader must either
// hand leadership on (a wake-up per batch and a race to close) or keep writing other
// callers' batches while its own answer waits; one thread blocked on the queue has
// neither problem, and its callers wake in parallel when their futures complete.
// Failure handling, row by row:
// - a batch that breaks a constraint (a project deleted since it was read) or waits
// for a lock longer than the batch statement's lock timeout (a project row held by a
// developer's change) is retried one row at a time, each on its caller's own thread:
// only the bad row's caller gets its error (PROJECT_NOT_FOUND), only the held
// project's callers wait, and the writer goes on with the next batch;
// - any other failure (the database unreachable, a busy pool) is every caller's failure,
// rethrown on its thread so the usual 503 answers apply;
// - a full queue or a caller waiting past its deadline is a 503 "busy" (Retry-After 1):
// a row still queued is then withdrawn, one already being written may still appear (a
// pending session nobody holds the token of; it expires).
final class GroupCommit implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

	static final String BUSY = "The service is busy; retry in a second.";

	private final Consumer<List<SessionInserts.NewSession>> insertAll;

	private final Consumer<SessionInserts.NewSession> insertOne;

	private final int maxBatch;

	private final long deadlineNanos;

	private final BlockingQueue<Pending> queue;

	private final AtomicLong batches = new AtomicLong();

	private final Thread writer;

	private volatile boolean open = true;

	// The writer's answer to a batch that must be retried row by row by its callers.
	private static final RuntimeException RETRY_ALONE = new RuntimeException("retry alone", null, false, false) {
	};

	GroupCommit(Consumer<List<SessionInserts.NewSession>> insertAll, Consumer<SessionInserts.NewSession> insertOne,
			int maxBatch, int capacity, Duration deadline) {
		this.insertAll = insertAll;
		this.insertOne = insertOne;
		this.maxBatch = maxBatch;
		this.deadlineNanos = deadline.toNanos();
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.writer = Thread.ofPlatform().name("session-group-commit").daemon().unstarted(this::run);
		this.writer.start();
	}

	/**
	 * Inserts {@code session} with the others queued meanwhile and returns once it is
	 * committed.
	 * @throws ApiException {@code PROJECT_NOT_FOUND} when its project is gone,
	 * {@code SERVICE_UNAVAILABLE} when the queue is full or the deadline passed
	 * @throws RuntimeException the database failure that failed its batch
	 */
	void insert(SessionInserts.NewSession session) {
		Pending pending = new Pending(session, new CompletableFuture<>());
		if (!this.open || !this.queue.offer(pending)) {
			throw ApiException.serviceUnavailable(BUSY, 1L);
		}
		if (!this.open && this.queue.remove(pending)) {
			// Closed while we queued: close() may already have drained the queue.
			throw ApiException.serviceUnavailable(BUSY, 1L);
		}
		try {
			pending.committed().get(this.deadlineNanos, TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() == RETRY_ALONE) {
				this.insertOne.accept(session);
				return;
			}
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException("The group commit failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			this.queue.remove(pending);
			throw ApiException.serviceUnavailable(BUSY, 1L);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.queue.remove(pending);
			throw ApiException.serviceUnavailable(BUSY, 1L);
		}
	}

	/** How many statements wrote batches so far (per-row retries not counted). */
	long batches() {
		return this.batches.get();
	}

	/** How many rows wait for the writer. */
	int queued() {
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
		List<Pending> left = new ArrayList<>();
		this.queue.drainTo(left);
		left.forEach(p -> p.committed().completeExceptionally(ApiException.serviceUnavailable(BUSY, 1L)));
	}

	private void run() {
		List<Pending> batch = new ArrayList<>(this.maxBatch);
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
				// Never lose the writer: every generate of the instance depends on it.
				log.error("The session group commit failed", ex);
				batch.forEach(p -> p.committed().completeExceptionally(ex));
			}
			batch.clear();
		}
	}

	private void write(List<Pending> batch) {
		try {
			this.insertAll.accept(batch.stream().map(Pending::session).toList());
			this.batches.incrementAndGet();
			batch.forEach(p -> p.committed().complete(null));
		}
		catch (RuntimeException ex) {
			RuntimeException answer = retryAlone(ex) ? RETRY_ALONE : ex;
			batch.forEach(p -> p.committed().completeExceptionally(answer));
		}
		finally {
			// The interrupt of close() may have set it.
			Thread.interrupted();
		}
	}

	// A broken constraint or the batch's lock timeout (SQLSTATE 55P03, which the JDBC
	// template may leave uncategorised) concerns some rows only.
	private static boolean retryAlone(RuntimeException ex) {
		if (ex instanceof DataIntegrityViolationException || ex instanceof PessimisticLockingFailureException) {
			return true;
		}
		return ex instanceof NestedRuntimeException nested && nested.getMostSpecificCause() instanceof SQLException sql
				&& "55P03".equals(sql.getSQLState());
	}

	/** A queued row and the future its caller waits on. */
	private record Pending(SessionInserts.NewSession session, CompletableFuture<Void> committed) {
	}

}
