package dev.bondify.operations;

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
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.bondify.session.SessionEvents;
import dev.bondify.session.SessionExpiry;
import dev.bondify.system.PeriodicJobs;

/**
 * Session metrics: counters of transitions, counted after commit, and a gauge of expired
 * sessions.
 */
// Expiry is derived from time and has no event, hence a recounted gauge. No project tag:
// projects are unbounded.
@Component
class SessionMetrics {

	private static final Logger log = LoggerFactory.getLogger(SessionMetrics.class);

	static final String JOB = "expired-sessions-gauge";

	private static final Duration PERIOD = Duration.ofMinutes(1);

	private final Counter confirmed;

	private final Counter cancelled;

	private final Counter delivered;

	private final AtomicLong expired = new AtomicLong();

	private static final String EXPIRED = """
			select coalesce((select sum(sessions - confirmed - cancelled) + sum(confirmed - used)
			                 from analytics_daily), 0)
			     - (select count(*) from auth_sessions s where %s)
			     - (select count(*) from auth_sessions s where %s)
			""".formatted(SessionExpiry.livePendingSql("s"), SessionExpiry.collectableSql("s"));

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	private final SessionExpiry expiry;

	private final PeriodicJobs jobs;

	SessionMetrics(MeterRegistry registry, JdbcTemplate jdbc, Clock clock, SessionExpiry expiry, PeriodicJobs jobs) {
		this.confirmed = counter(registry, "confirmed", "Sign-in sessions confirmed by the user");
		this.cancelled = counter(registry, "cancelled", "Sign-in sessions cancelled by the user");
		this.delivered = counter(registry, "delivered", "Confirmed sessions whose proof was handed to a client");
		Gauge.builder("bondify.sessions.expired", this.expired, AtomicLong::get)
			.description("Sessions in the database that expired unanswered or uncollected (refreshed every minute)")
			.register(registry);
		this.jdbc = new NamedParameterJdbcTemplate(jdbc);
		this.clock = clock;
		this.expiry = expiry;
		this.jobs = jobs;
	}

	private static Counter counter(MeterRegistry registry, String what, String description) {
		return Counter.builder("bondify.sessions." + what).description(description).register(registry);
	}

	@TransactionalEventListener
	void on(SessionEvents.Confirmed event) {
		this.confirmed.increment();
	}

	// Created confirmed and delivered by one statement, published after it committed.
	@EventListener
	void on(SessionEvents.SignedIn event) {
		this.confirmed.increment();
		this.delivered.increment();
	}

	@TransactionalEventListener
	void on(SessionEvents.Cancelled event) {
		this.cancelled.increment();
	}

	// Verify delivers with one statement committed on its own before it publishes.
	@TransactionalEventListener(fallbackExecution = true)
	void on(SessionEvents.Delivered event) {
		this.delivered.increment();
	}

	/**
	 * Every minute: one instance recounts and publishes the figure, every instance
	 * reports the published one, so all report the same value (aggregate with
	 * {@code max}).
	 */
	@Scheduled(initialDelayString = "PT10S", fixedDelayString = "PT1M")
	void refreshExpiredFromOneInstance() {
		try {
			if (this.jobs.claim(JOB, PERIOD)) {
				refreshExpired();
			}
			else {
				Long published = this.jobs.lastResult(JOB);
				if (published != null) {
					this.expired.set(published);
				}
			}
		}
		catch (DataAccessException ex) {
			// The database being away is reported by the readiness probe; the gauge keeps
			// its last value.
			log.debug("Could not refresh the expired-sessions gauge", ex);
		}
	}

	/**
	 * Recounts expired sessions: pending past their expiry, or confirmed and not
	 * collected within the proof TTL (the same rule as the session's effective status).
	 * Done on a schedule so that a scrape never waits for the database.
	 */
	// Not a scan of auth_sessions (230-700 ms at 2M rows): the per-day analytics counters
	// give all pending and all uncollected confirmed sessions; the few of them still
	// inside
	// their TTL are counted through the partial indexes on expires_at / confirmed_at.
	void refreshExpired() {
		Instant now = this.clock.instant();
		Long count = this.jdbc.queryForObject(EXPIRED, this.expiry.bind(new MapSqlParameterSource(), now), Long.class);
		long expiredNow = (count != null) ? count : 0;
		this.expired.set(expiredNow);
		this.jobs.publish(JOB, expiredNow);
	}

}
