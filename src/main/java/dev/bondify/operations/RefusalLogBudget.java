package dev.bondify.operations;

import java.util.function.LongSupplier;

/**
 * How many refused requests (4xx answers) get their own log line: the first
 * {@link #PER_SECOND} of each second; the rest are counted and reported as one summary
 * line once that second is over, so a flood of bad requests adds a few kilobytes a second
 * instead of one line per request. Seconds are measured on the monotonic clock (log
 * volume is about elapsed time, not the business clock).
 */
final class RefusalLogBudget {

	static final int PER_SECOND = 20;

	private static final long SECOND = 1_000_000_000L;

	private final LongSupplier nanos;

	private long windowStart;

	private int logged;

	private long suppressed;

	private volatile boolean pending;

	RefusalLogBudget(LongSupplier nanos) {
		this.nanos = nanos;
		this.windowStart = nanos.getAsLong();
	}

	/** What to do with one request's line. */
	record Decision(boolean log, long suppressedBefore) {

		static final Decision LOG = new Decision(true, 0);

	}

	/**
	 * @param refused whether the answer is a 4xx
	 * @return whether this request's line is logged, and how many lines of an earlier,
	 * finished second were left out (0 when nothing is to be reported)
	 */
	Decision admit(boolean refused) {
		if (!refused && !this.pending) {
			return Decision.LOG;
		}
		synchronized (this) {
			long now = this.nanos.getAsLong();
			long report = 0;
			if (now - this.windowStart >= SECOND) {
				report = this.suppressed;
				this.windowStart = now;
				this.logged = 0;
				this.suppressed = 0;
				this.pending = false;
			}
			if (!refused) {
				return new Decision(true, report);
			}
			if (this.logged < PER_SECOND) {
				this.logged++;
				return new Decision(true, report);
			}
			this.suppressed++;
			this.pending = true;
			return new Decision(false, report);
		}
	}

}
