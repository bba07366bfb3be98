package dev.bondify.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Token buckets shared by every instance through PostgreSQL: {@code perMinute} requests
 * of burst, refilled continuously at {@code perMinute} a minute. Each check is one atomic
 * upsert of the bucket's GCRA timestamp, so two instances together accept the limit once
 * and there is no window boundary at which the budget doubles.
 */
@Component
public class RateLimiter {

	private static final Logger logger = LoggerFactory.getLogger(RateLimiter.class);

	private static final long MINUTE_MICROS = 60_000_000L;

	/**
	 * GCRA in one statement. {@code base} is when the bucket's next token is due (now if
	 * it is full); a request is granted if it leaves at most {@code window} of debt. A
	 * denied request changes nothing (the WHERE), so a flood writes no rows. A timestamp
	 * further ahead than a whole window can only come from a clock stepped back: the
	 * bucket starts afresh rather than staying shut until the clock catches up. The outer
	 * select reads the bucket as it was before the statement, which gives the denied
	 * caller its exact Retry-After without a second round trip.
	 */
	private static final String ACQUIRE = """
			with granted as (
			  insert into rate_limit_buckets as b (key, tat_us) values (:key, :now + :interval)
			  on conflict (key) do update
			    set tat_us = (case when b.tat_us > :now + :window then :now else greatest(b.tat_us, :now) end) + :interval
			    where (case when b.tat_us > :now + :window then :now else greatest(b.tat_us, :now) end) + :interval - :now <= :window
			  returning tat_us)
			select (select tat_us from granted) as granted, (select tat_us from rate_limit_buckets where key = :key) as previous""";

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	RateLimiter(NamedParameterJdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Takes one token from the bucket {@code key}; {@code perMinute <= 0} means
	 * unlimited. The part of the key after its first {@code :} (an IP, an e-mail, a key)
	 * is stored only as a hash.
	 * @throws ApiException {@code RATE_LIMITED} with the exact seconds (rounded up) until
	 * a token is back; {@code SERVICE_UNAVAILABLE} when the database is unreachable
	 */
	public void acquire(String key, int perMinute) {
		if (perMinute <= 0) {
			return;
		}
		long interval = MINUTE_MICROS / perMinute;
		long window = interval * perMinute;
		long now = micros(this.clock.instant());
		Map<String, Object> row;
		try {
			row = this.jdbc.queryForMap(ACQUIRE,
					Map.of("key", storedKey(key), "now", now, "interval", interval, "window", window));
		}
		catch (DataAccessException ex) {
			if (DatabaseFailures.isUnavailable(ex)) {
				throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "The database is unavailable; retry shortly.");
			}
			throw ex;
		}
		if (row.get("granted") != null) {
			return;
		}
		Number previous = (Number) row.get("previous");
		// Without a previous row a concurrent first request won the race: a token is
		// back within one interval.
		long dueAt = (previous != null) ? previous.longValue() + interval - window : now + interval;
		throw ApiException.rateLimited(ceilSeconds(dueAt - now));
	}

	/** Deletes full buckets: a row whose next token is already due says nothing. */
	@Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
	void deleteFullBuckets() {
		try {
			int deleted = this.jdbc.update("delete from rate_limit_buckets where tat_us < :now",
					Map.of("now", micros(this.clock.instant())));
			logger.debug("Deleted {} full rate-limit buckets", deleted);
		}
		catch (DataAccessException ex) {
			logger.warn("Could not delete full rate-limit buckets: {}", ex.toString());
		}
	}

	static long ceilSeconds(long micros) {
		return Math.max(1, Math.ceilDiv(micros, 1_000_000L));
	}

	private static long micros(Instant instant) {
		return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
	}

	/**
	 * {@code bucket:} plus a SHA-256 of the subject, so client IPs and e-mails are not
	 * copied into another table and every key fits the column.
	 */
	static String storedKey(String key) {
		int colon = key.indexOf(':');
		String bucket = (colon < 0) ? "" : key.substring(0, Math.min(colon, 40));
		String subject = (colon < 0) ? key : key.substring(colon + 1);
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
			return bucket + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
