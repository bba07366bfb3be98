package dev.bondify.analytics;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Folds the analytics delta rows that confirms, generates and deletes append (V175) into
 * each key's one folded row, in the background, so that the counter tables stay small.
 */
// Each call of analytics_fold is one statement in its own transaction that takes its
// delta rows FOR UPDATE SKIP LOCKED: instances fold side by side, a request never waits
// for a fold, and a crash or an outage only postpones the work (the deltas stay and
// readers sum them with the folded row, so every figure is exact meanwhile).
@Component
public class AnalyticsFolds {

	private static final Logger log = LoggerFactory.getLogger(AnalyticsFolds.class);

	static final int BATCH = 5_000;

	private static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

	private final JdbcTemplate jdbc;

	/**
	 * Creates the job over the given database.
	 * @param jdbc the template to run the folds with
	 */
	public AnalyticsFolds(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
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
	 * Folds one batch of delta rows of each counter table.
	 * @return how many delta rows were folded
	 */
	public int foldBatch() {
		Integer folded = this.jdbc.queryForObject("select analytics_fold(?)", Integer.class, BATCH);
		return (folded != null) ? folded : 0;
	}

	/** Folds until no delta row is left (tests, and a command that wants tidy tables). */
	public void drain() {
		while (foldBatch() > 0) {
			// Each batch commits on its own.
		}
	}

}
