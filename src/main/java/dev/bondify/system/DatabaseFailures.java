package dev.bondify.system;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognises "the database is unreachable" among the many shapes Spring, Hibernate and
 * HikariCP give that failure, tells it apart from a busy pool and a statement timeout,
 * and reports each in the log once, not once per request.
 */
// Three answers, all 503 SERVICE_UNAVAILABLE (the contract's only 5xx), with their own
// sentence, log line and counter (bondify.database.refusals{reason}): "unavailable" (no
// connection can be made), "busy" (the pool had no free connection within its timeout
// while PostgreSQL is up: Retry-After 1, the next second usually has one) and
// "statement_timeout" (a developer query ran past its bound). Reading a busy pool as an
// outage sent operators to a database that was fine.
public final class DatabaseFailures {

	private static final Logger log = LoggerFactory.getLogger(DatabaseFailures.class);

	static final String UNAVAILABLE = "The database is unavailable; retry shortly.";

	static final String BUSY = "The service is busy; retry in a second.";

	static final String TIMED_OUT = "The query took too long and was stopped; narrow it (one project, a status, "
			+ "fewer days) or retry.";

	private static final OutageLog OUTAGES = new OutageLog(System::nanoTime, log);

	private static final OutageLog BUSY_SPELLS = new OutageLog(System::nanoTime, log,
			"Database connection pool exhausted (PostgreSQL is up), answering 503",
			"Database connection pool was exhausted");

	/**
	 * Whether {@code ex} is a pool timeout while connections can be made: HikariCP
	 * attaches the last connection failure as the cause only when there was one.
	 */
	public static boolean isBusy(Throwable ex) {
		for (Throwable t = ex; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (t instanceof SQLTransientConnectionException && t.getCause() == null && t.getMessage() != null
					&& t.getMessage().contains("request timed out")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The answer to a request that failed for {@code ex}, which
	 * {@link #isUnavailable(Throwable)} accepted: logged and counted by its reason.
	 */
	public static ApiException answer(Throwable ex) {
		if (isBusy(ex)) {
			Metrics.counter(REFUSALS, "reason", "busy").increment();
			BUSY_SPELLS.failed(ex);
			return ApiException.serviceUnavailable(BUSY, 1L);
		}
		logUnavailable(ex);
		return ApiException.serviceUnavailable(UNAVAILABLE, null);
	}

	/** A statement that ran past its timeout: the database is there and answering. */
	public static ApiException answerTimedOut(Throwable ex) {
		Metrics.counter(REFUSALS, "reason", "statement_timeout").increment();
		log.warn("Database statement timed out, answering 503: {}", ex.getMessage());
		return ApiException.serviceUnavailable(TIMED_OUT, null);
	}

	private static final String REFUSALS = "bondify.database.refusals";

	/** When a request last failed because the database was unreachable (nanoTime). */
	private static volatile long lastUnavailable = System.nanoTime() - TimeUnit.HOURS.toNanos(1);

	/** Whether a request failed for an unreachable database in the last {@code nanos}. */
	static boolean unavailableWithin(long nanos) {
		return System.nanoTime() - lastUnavailable < nanos;
	}

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
		lastUnavailable = System.nanoTime();
		Metrics.counter(REFUSALS, "reason", "unavailable").increment();
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

		/** What the lines say is happening, and what the summary says happened. */
		private final String what;

		private final String was;

		OutageLog(LongSupplier nanoTime, Logger log) {
			this(nanoTime, log, "Database unavailable, answering 503", "Database was unavailable");
		}

		OutageLog(LongSupplier nanoTime, Logger log, String what, String was) {
			this.nanoTime = nanoTime;
			this.log = log;
			this.what = what;
			this.was = was;
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
					this.log.warn("{}: {} more 503s in the {} s up to {} s ago", this.was, suppressed,
							seconds(Math.max(0, previous - last)), seconds(now - previous));
				}
				this.log.warn("{}: {}", this.what, ex.getMessage());
				return;
			}
			long last = this.lastReport.get();
			if (now - last < INTERVAL_NANOS || !this.lastReport.compareAndSet(last, now)) {
				this.unreported.incrementAndGet();
				return;
			}
			long suppressed = this.unreported.getAndSet(0);
			if (suppressed == 0) {
				this.log.warn("{}: {}", this.what, ex.getMessage());
			}
			else {
				this.log.warn("{}: {} ({} more 503s in the last {} s)", this.what, ex.getMessage(), suppressed,
						seconds(now - last));
			}
		}

		private static long seconds(long nanos) {
			return TimeUnit.NANOSECONDS.toSeconds(nanos);
		}

	}

}
