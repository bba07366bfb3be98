package dev.bondify.system;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognises "the database is unreachable" among the many shapes Spring, Hibernate and
 * HikariCP give that failure, and reports an outage in the log once, not once per
 * request.
 */
public final class DatabaseFailures {

	private static final Logger log = LoggerFactory.getLogger(DatabaseFailures.class);

	/** While the database stays away, one line per this interval sums up the 503s. */
	private static final long REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);

	private static final AtomicLong lastReport = new AtomicLong(System.nanoTime() - REPORT_INTERVAL_NANOS);

	private static final AtomicLong unreported = new AtomicLong();

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

	/**
	 * Logs that a request is answered 503 because the database is unreachable: the first
	 * failure of an outage gets a line, the next ones are counted into one line a minute.
	 */
	// During an outage every request fails the same way; a line (or a stack trace) per
	// request costs the CPU that the liveness probe and the recovery need, and floods the
	// log. The message only, never the exception: its stack says nothing new.
	public static void logUnavailable(Throwable ex) {
		long now = System.nanoTime();
		long last = lastReport.get();
		if (now - last < REPORT_INTERVAL_NANOS || !lastReport.compareAndSet(last, now)) {
			unreported.incrementAndGet();
			return;
		}
		long suppressed = unreported.getAndSet(0);
		if (suppressed == 0) {
			log.warn("Database unavailable, answering 503: {}", ex.getMessage());
		}
		else {
			log.warn("Database unavailable, answering 503: {} ({} more 503s in the last {} s)", ex.getMessage(),
					suppressed, TimeUnit.NANOSECONDS.toSeconds(now - last));
		}
	}

}
