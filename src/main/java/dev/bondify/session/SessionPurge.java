package dev.bondify.session;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes the sessions and per-user rollups of deleted projects in the background, in
 * short batches, from the tombstones a project delete leaves ({@code project_purges},
 * V160): the delete itself answers at once.
 */
// Each batch is its own short transaction that holds the tombstone row (FOR UPDATE SKIP
// LOCKED), so two instances never work on one project and a restart, a kill -9 or an
// outage only pauses the work: the tombstone stays until a batch finds nothing left.
// A session batch sets bondify.purge for its transaction, which the delete triggers of
// V160 read: no NOTIFY per row, no rollup locks (the project's counters went with it).
@Component
class SessionPurge {

	private static final Logger log = LoggerFactory.getLogger(SessionPurge.class);

	static final int BATCH = 5_000;

	private static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(400);

	private static final String NEXT = """
			select project_id from project_purges order by deleted_at, project_id limit 1 for update skip locked""";

	private static final String DELETE_USERS = """
			delete from analytics_daily_users where ctid = any (array(
			  select ctid from analytics_daily_users where project_id = ? limit ?))""";

	private static final String DELETE_SESSIONS = """
			delete from auth_sessions where id in (select id from auth_sessions where project_id = ? limit ?)""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	SessionPurge(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/**
	 * Twice a second: batches for at most {@link #RUN_NANOS}, so that the other scheduled
	 * jobs (which share the scheduler thread) keep their pace during a long purge.
	 */
	@Scheduled(initialDelayString = "PT2S", fixedDelayString = "PT0.5S")
	void purgeWaiting() {
		long start = System.nanoTime();
		try {
			while (purgeBatch() && System.nanoTime() - start < RUN_NANOS) {
				// Another batch: each one commits on its own.
			}
		}
		catch (DataAccessException ex) {
			// The tombstone is still there: the next run (here or on another instance)
			// goes on where this one stopped.
			log.debug("Purging a deleted project's sessions paused", ex);
		}
	}

	/**
	 * Removes one batch of one deleted project's rows, or its tombstone when nothing is
	 * left.
	 * @return false when no tombstone was free to work on
	 */
	boolean purgeBatch() {
		Boolean worked = this.transactions.execute((status) -> {
			List<String> next = this.jdbc.queryForList(NEXT, String.class);
			if (next.isEmpty()) {
				return false;
			}
			String projectId = next.get(0);
			if (this.jdbc.update(DELETE_USERS, projectId, BATCH) > 0) {
				return true;
			}
			this.jdbc.queryForObject("select set_config('bondify.purge', 'on', true)", String.class);
			int sessions = this.jdbc.update(DELETE_SESSIONS, projectId, BATCH);
			this.jdbc.queryForObject("select set_config('bondify.purge', 'off', true)", String.class);
			if (sessions > 0) {
				return true;
			}
			this.jdbc.update("delete from analytics_user_last_day where project_id = ?", projectId);
			this.jdbc.update("delete from project_purges where project_id = ?", projectId);
			log.info("Removed the sessions of deleted project {}", projectId);
			return true;
		});
		return Boolean.TRUE.equals(worked);
	}

}
