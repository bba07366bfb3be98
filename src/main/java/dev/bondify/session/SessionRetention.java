package dev.bondify.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.bondify.system.PeriodicJobs;

/**
 * Deletes sessions older than the retention, so Telegram identities (names, usernames,
 * phones) are not kept forever; in bounded batches, so no run holds long locks. The
 * analytics counters follow the deletes (a trigger); with the default 180 days the
 * deleted sessions are outside the 90-day analytics window anyway.
 */
@Component
class SessionRetention {

	private static final Logger log = LoggerFactory.getLogger(SessionRetention.class);

	static final int BATCH = 5_000;

	static final String JOB = "session-retention";

	static final Duration PERIOD = Duration.ofHours(1);

	private static final String DELETE_BATCH = """
			delete from auth_sessions where id in (
			  select id from auth_sessions where created_at < :cutoff limit :batch)""";

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	private final RetentionProperties properties;

	private final PeriodicJobs jobs;

	SessionRetention(NamedParameterJdbcTemplate jdbc, Clock clock, RetentionProperties properties, PeriodicJobs jobs) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
		this.jobs = jobs;
	}

	/** Hourly, on whichever one instance claims the hour. */
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
	void deleteExpiredOnOneInstance() {
		if (this.jobs.claim(JOB, PERIOD)) {
			deleteExpired();
		}
	}

	/**
	 * @return how many sessions were deleted
	 */
	int deleteExpired() {
		Instant cutoff = this.clock.instant().minus(this.properties.sessions());
		MapSqlParameterSource parameters = new MapSqlParameterSource()
			.addValue("cutoff", cutoff.atOffset(ZoneOffset.UTC))
			.addValue("batch", BATCH);
		int total = 0;
		int deleted;
		do {
			deleted = this.jdbc.update(DELETE_BATCH, parameters);
			total += deleted;
		}
		while (deleted == BATCH);
		if (total > 0) {
			log.info("Deleted {} sessions created before {} (retention {})", total, cutoff, this.properties.sessions());
		}
		return total;
	}

}
