package dev.bondify.operations;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.bondify.session.SessionEvents;
import dev.bondify.session.SessionProperties;

/**
 * Session metrics: counters of transitions, counted after commit, and a gauge of expired
 * sessions.
 */
// Expiry is derived from time and has no event, hence a recounted gauge. No project tag:
// projects are unbounded.
@Component
class SessionMetrics {

	private static final Logger log = LoggerFactory.getLogger(SessionMetrics.class);

	private final Counter generated;

	private final Counter confirmed;

	private final Counter cancelled;

	private final Counter delivered;

	private final AtomicLong expired = new AtomicLong();

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Duration proofTtl;

	SessionMetrics(MeterRegistry registry, JdbcTemplate jdbc, Clock clock, SessionProperties properties) {
		this.generated = counter(registry, "generated", "Sign-in sessions created");
		this.confirmed = counter(registry, "confirmed", "Sign-in sessions confirmed by the user");
		this.cancelled = counter(registry, "cancelled", "Sign-in sessions cancelled by the user");
		this.delivered = counter(registry, "delivered", "Confirmed sessions whose proof was handed to a client");
		Gauge.builder("bondify.sessions.expired", this.expired, AtomicLong::get)
			.description("Sessions in the database that expired unanswered or uncollected (refreshed every minute)")
			.register(registry);
		this.jdbc = jdbc;
		this.clock = clock;
		this.proofTtl = properties.proofTtl();
	}

	private static Counter counter(MeterRegistry registry, String what, String description) {
		return Counter.builder("bondify.sessions." + what).description(description).register(registry);
	}

	@TransactionalEventListener
	void on(SessionEvents.Generated event) {
		this.generated.increment();
	}

	@TransactionalEventListener
	void on(SessionEvents.Confirmed event) {
		this.confirmed.increment();
	}

	@TransactionalEventListener
	void on(SessionEvents.Cancelled event) {
		this.cancelled.increment();
	}

	@TransactionalEventListener
	void on(SessionEvents.Delivered event) {
		this.delivered.increment();
	}

	/**
	 * Recounts expired sessions: pending past their expiry, or confirmed and not
	 * collected within the proof TTL (the same rule as the session's effective status).
	 * Done on a schedule so that a scrape never waits for the database; every instance
	 * reports the same figure, so aggregate it with {@code max}, not {@code sum}.
	 */
	@Scheduled(initialDelayString = "PT10S", fixedDelayString = "PT1M")
	void refreshExpired() {
		Instant now = this.clock.instant();
		try {
			Long count = this.jdbc.queryForObject("""
					select count(*) from auth_sessions
					where (status = 'pending' and expires_at <= ?) or (status = 'confirmed' and confirmed_at <= ?)
					""", Long.class, Timestamp.from(now), Timestamp.from(now.minus(this.proofTtl)));
			this.expired.set((count != null) ? count : 0);
		}
		catch (DataAccessException ex) {
			// The database being away is reported by the readiness probe; the gauge keeps
			// its last value.
			log.debug("Could not count expired sessions", ex);
		}
	}

}
