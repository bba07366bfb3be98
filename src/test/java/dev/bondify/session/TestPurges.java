package dev.bondify.session;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the background purge of deleted projects to the end, for tests that use a database
 * without the application's scheduler.
 */
public final class TestPurges {

	private TestPurges() {
	}

	/**
	 * Purges every deleted project's sessions and rollups with the production batches.
	 * @param jdbc a template over the database to purge
	 */
	public static void drain(JdbcTemplate jdbc) {
		TransactionTemplate transactions = new TransactionTemplate(
				new DataSourceTransactionManager(jdbc.getDataSource()));
		SessionPurge purge = new SessionPurge(jdbc, transactions);
		while (purge.purgeBatch()) {
			// Each batch commits on its own, as the scheduled job's do.
		}
	}

}
