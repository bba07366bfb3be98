package dev.bondify.system;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Recognises "the database is unreachable" among the many shapes Spring, Hibernate and
 * HikariCP give that failure.
 */
public final class DatabaseFailures {

	private DatabaseFailures() {
	}

	/**
	 * True when the failure is a lost or refused database connection (SQLSTATE class 08,
	 * an administrator shutdown 57P0x, a pool timeout), whatever Spring or Hibernate
	 * wrapped it in.
	 */
	public static boolean isUnavailable(Throwable ex) {
		for (Throwable t = ex; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
					|| t instanceof ConnectException) {
				return true;
			}
			if (t instanceof SQLException sql && isConnectionFailure(sql)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isConnectionFailure(SQLException ex) {
		String state = ex.getSQLState();
		if (state != null) {
			return state.startsWith("08") || state.startsWith("57P");
		}
		// HikariCP's proxy of a connection the server dropped says only this, without a
		// SQLSTATE; it surfaces when
		// the rollback after a failed statement replaces the original error.
		return "Connection is closed".equals(ex.getMessage());
	}

}
