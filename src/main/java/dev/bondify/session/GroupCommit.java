package dev.bondify.session;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

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
// - a full queue or a caller whose row is still queued at its deadline is a 503 "busy"
// (Retry-After 1) and the row is withdrawn; a row already being written is waited for,
// so a caller is never told "busy" about a session that was created.
// The queue, the writer and these rules are AnsweredGroupCommit's (the exchange's
// durable group commit), with every row's answer "inserted".
final class GroupCommit implements AutoCloseable {

	static final String BUSY = "The service is busy; retry in a second.";

	private final AnsweredGroupCommit<SessionInserts.NewSession, Boolean> commit;

	GroupCommit(Consumer<List<SessionInserts.NewSession>> insertAll, Consumer<SessionInserts.NewSession> insertOne,
			int maxBatch, int capacity, Duration deadline) {
		this.commit = new AnsweredGroupCommit<>("session-group-commit", (batch) -> {
			insertAll.accept(batch);
			return Collections.nCopies(batch.size(), Boolean.TRUE);
		}, (session) -> {
			insertOne.accept(session);
			return Boolean.TRUE;
		}, maxBatch, capacity, deadline);
	}

	/**
	 * Inserts {@code session} with the others queued meanwhile and returns once it is
	 * committed.
	 * @throws ApiException {@code PROJECT_NOT_FOUND} when its project is gone,
	 * {@code SERVICE_UNAVAILABLE} when the queue is full or the deadline passed while the
	 * row was still queued
	 * @throws RuntimeException the database failure that failed its batch
	 */
	void insert(SessionInserts.NewSession session) {
		this.commit.write(session);
	}

	/** How many statements wrote batches so far (per-row retries not counted). */
	long batches() {
		return this.commit.batches();
	}

	/** How many rows wait for the writer. */
	int queued() {
		return this.commit.queued();
	}

	/** Stops the writer; rows still queued are answered 503. */
	@Override
	public void close() {
		this.commit.close();
	}

}
