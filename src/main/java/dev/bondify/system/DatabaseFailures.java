package dev.bondify.system;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognises "the database is unreachable" among the many shapes Spring, Hibernate and
 * HikariCP give that failure, and reports an outage in the log once, not once per
 * request.
 */
public final class DatabaseFailures {

	private static final Logger log = LoggerFactory.getLogger(DatabaseFailures.class);

	private static final OutageLog OUTAGES = new OutageLog(System::nanoTime, log);

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
		OUTAGES.failed(ex);
	}

	/**
	 * The de-duplication of {@link #logUnavailable}, on a clock and a logger of its own
	 * so that it can be tested without waiting.
	 */
	// Lock-free on purpose: during an outage every request thread (virtual ones, which a
	// contended monitor pins on JDK 21) comes through here. A race costs at most one
	// failure counted into the next line instead of this one.
	static final class OutageLog {

		/** While the database stays away, one line per this interval sums up the 503s. */
		static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);

		private final LongSupplier nanoTime;

		private final Logger log;

		/**
		 * When the last failure happened; a failure an interval after it starts an
		 * outage.
		 */
		private final AtomicLong lastFailure;

		/** When the last line was written (the first of the outage or a summary). */
		private final AtomicLong lastReport;

		/** Failures since the last line. */
		private final AtomicLong unreported = new AtomicLong();

		OutageLog(LongSupplier nanoTime, Logger log) {
			this.nanoTime = nanoTime;
			this.log = log;
			long now = nanoTime.getAsLong();
			this.lastFailure = new AtomicLong(now - INTERVAL_NANOS);
			this.lastReport = new AtomicLong(now - INTERVAL_NANOS);
		}

		void failed(Throwable ex) {
			long now = this.nanoTime.getAsLong();
			long previous = this.lastFailure.getAndSet(now);
			if (now - previous >= INTERVAL_NANOS) {
				// Quiet for an interval: the previous outage (or blip) is over, this is
				// the
				// first failure of a new one. Its count is flushed with the time it
				// really covered, not the time until now.
				long last = this.lastReport.getAndSet(now);
				long suppressed = this.unreported.getAndSet(0);
				if (suppressed > 0) {
					this.log.warn("Database was unavailable: {} more 503s in the {} s up to {} s ago", suppressed,
							seconds(Math.max(0, previous - last)), seconds(now - previous));
				}
				this.log.warn("Database unavailable, answering 503: {}", ex.getMessage());
				return;
			}
			long last = this.lastReport.get();
			if (now - last < INTERVAL_NANOS || !this.lastReport.compareAndSet(last, now)) {
				this.unreported.incrementAndGet();
				return;
			}
			long suppressed = this.unreported.getAndSet(0);
			if (suppressed == 0) {
				this.log.warn("Database unavailable, answering 503: {}", ex.getMessage());
			}
			else {
				this.log.warn("Database unavailable, answering 503: {} ({} more 503s in the last {} s)",
						ex.getMessage(), suppressed, seconds(now - last));
			}
		}

		private static long seconds(long nanos) {
			return TimeUnit.NANOSECONDS.toSeconds(nanos);
		}

	}

}
