package dev.bondify.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests move by hand; follows the system clock until it is first set or advanced.
 */
public final class MutableClock extends Clock {

	private final AtomicReference<Instant> fixed = new AtomicReference<>();

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException();
	}

	@Override
	public Instant instant() {
		Instant instant = this.fixed.get();
		return (instant != null) ? instant : Instant.now();
	}

	public void set(Instant instant) {
		this.fixed.set(instant);
	}

	public void advance(Duration duration) {
		this.fixed.set(instant().plus(duration));
	}

	/** Back to following the system clock. */
	public void reset() {
		this.fixed.set(null);
	}

}
