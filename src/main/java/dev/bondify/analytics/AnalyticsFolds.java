package dev.bondify.analytics;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Folds the analytics delta rows that confirms, generates and deletes append (V175) into
 * each key's one folded row, in the background, so that the counter tables stay small.
 */
// Each call of analytics_fold is one statement in its own transaction that takes its
// delta rows FOR UPDATE SKIP LOCKED: instances fold side by side, a request never waits
// for a fold, and a crash or an outage only postpones the work (the deltas stay and
// readers sum them with the folded row, so every figure is exact meanwhile).
//
// Nothing a request does waits for a fold: confirms and generates only append delta rows
// under fresh keys and take KEY SHARE on their project, which the fold's KEY SHARE does
// not block (V191). What can wait for a fold is a change of the parent row's key (a
// project or developer delete, a secret-key rotation); the statement timeout bounds that
// wait. The lock timeout makes the fold give way instead of queueing while it holds its
// delta rows: the shard-0 row it waits for is held by another instance's fold (which
// finishes the work) or by something that must not be held up. Either way the batch rolls
// back whole and the next run, a second later, takes its rows again.
@Component
public class AnalyticsFolds {

	private static final Logger log = LoggerFactory.getLogger(AnalyticsFolds.class);

	static final int BATCH = 5_000;

	private static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

	/** How long one batch may wait for a row lock before it gives up (and rolls back). */
	static final String LOCK_TIMEOUT = "100ms";

	/**
	 * How long one batch may run: a batch of {@value #BATCH} rows per table takes tens of
	 * milliseconds, so this only cuts off a fold that something else slowed down.
	 */
	static final String STATEMENT_TIMEOUT = "2s";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	/**
	 * Creates the job over the given database.
	 * @param jdbc the template to run the folds with
	 * @param transactions the transactions each batch runs in
	 */
	public AnalyticsFolds(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** Every second: batches for at most {@link #RUN_NANOS}. */
	@Scheduled(initialDelayString = "PT1S", fixedDelayString = "PT1S")
	void foldWaiting() {
		long start = System.nanoTime();
		try {
			while (foldBatch() >= BATCH && System.nanoTime() - start < RUN_NANOS) {
				// Another batch: each one commits on its own.
			}
		}
		catch (DataAccessException ex) {
			log.debug("Folding analytics deltas paused", ex);
		}
	}

	/**
	 * Folds one batch of delta rows of each counter table in a transaction of its own,
	 * under {@link #LOCK_TIMEOUT} and {@link #STATEMENT_TIMEOUT}.
	 * @return how many delta rows were folded
	 */
	public int foldBatch() {
		Integer folded = this.transactions.execute((status) -> {
			this.jdbc.queryForObject(
					"select set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true)",
					(rows, row) -> null, LOCK_TIMEOUT, STATEMENT_TIMEOUT);
			return this.jdbc.queryForObject("select analytics_fold(?)", Integer.class, BATCH);
		});
		return (folded != null) ? folded : 0;
	}

	/** Folds until no delta row is left (tests, and a command that wants tidy tables). */
	public void drain() {
		while (foldBatch() > 0) {
			// Each batch commits on its own.
		}
	}

}
