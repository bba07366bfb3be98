package dev.bondify.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

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
	// Takes up to :batch tokens at once (as many as the bucket holds, at least one) and
	// records how many in the row it wrote.
	private static final String ACQUIRE = """
			with granted as (
			  insert into rate_limit_buckets as b (key, tat_us, taken) values (:key, :now + :interval * :batch, :batch)
			  on conflict (key) do update
			    set tat_us = (case when b.tat_us > :now + :window then :now else greatest(b.tat_us, :now) end)
			        + :interval * least(:batch, (:now + :window
			          - (case when b.tat_us > :now + :window then :now else greatest(b.tat_us, :now) end)) / :interval),
			      taken = least(:batch, (:now + :window
			          - (case when b.tat_us > :now + :window then :now else greatest(b.tat_us, :now) end)) / :interval)
			    where (case when b.tat_us > :now + :window then :now else greatest(b.tat_us, :now) end) + :interval - :now <= :window
			  returning tat_us, taken)
			select (select tat_us from granted) as granted, (select taken from granted) as taken,
			  (select tat_us from rate_limit_buckets where key = :key) as previous""";

	/**
	 * How long tokens taken ahead stay usable on this instance. Tokens are only ever
	 * taken from the shared bucket before they are spent, so leasing can make the
	 * instances together accept a little less than the limit (what a lease did not use
	 * when it lapsed), never more.
	 */
	private static final long LEASE_MICROS = 1_000_000L;

	/** Largest number of tokens one statement takes ahead. */
	private static final int MAX_BATCH = 100;

	/** Tokens taken ahead by this instance, per bucket key. */
	private final Cache<String, Lease> leases = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(Duration.ofSeconds(2))
		.build();

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
		acquire(key, perMinute, true);
	}

	/**
	 * As {@link #acquire(String, int)}; {@code leased}: whether a busy bucket may take a
	 * second's worth of tokens ahead for this instance ({@link #batchFor}), else every
	 * call is one statement.
	 */
	public void acquire(String key, int perMinute, boolean leased) {
		if (perMinute <= 0) {
			return;
		}
		// At least 1 µs: a limit above 60 million a minute (benchmarks) would otherwise
		// divide by zero.
		long interval = Math.max(1, MINUTE_MICROS / perMinute);
		long window = interval * perMinute;
		long now = micros(this.clock.instant());
		// A lease is looked up by the key itself (memory only, like the key while it is
		// counted): a spent token then costs no hash of the key.
		Lease lease = this.leases.getIfPresent(key);
		if (lease != null && lease.tryTake(now)) {
			return;
		}
		String stored = storedKey(key);
		int batch = leased ? batchFor(perMinute) : 1;
		Map<String, Object> row;
		try {
			row = this.jdbc.queryForMap(ACQUIRE,
					Map.of("key", stored, "now", now, "interval", interval, "window", window, "batch", batch));
		}
		catch (DataAccessException ex) {
			if (DatabaseFailures.isUnavailable(ex)) {
				throw DatabaseFailures.answer(ex);
			}
			throw ex;
		}
		Number previous = (Number) row.get("previous");
		if (row.get("granted") != null) {
			// The count comes from the row this statement wrote: under contention the
			// statement's own snapshot ("previous") can be older than the version it
			// updated.
			long taken = ((Number) row.get("taken")).longValue();
			if (taken > 1) {
				// Concurrent callers that each took a batch add them up: none is lost.
				Lease fresh = new Lease(taken - 1, now + LEASE_MICROS);
				this.leases.asMap().merge(key, fresh, (held, added) -> held.absorb(added, now));
			}
			return;
		}
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

	/**
	 * One second's worth of tokens for busy buckets (verify polls), so a poll costs a
	 * database statement only every so often; small limits (login) are exact per call.
	 */
	static int batchFor(int perMinute) {
		return (perMinute < 120) ? 1 : Math.min(MAX_BATCH, perMinute / 60);
	}

	static long ceilSeconds(long micros) {
		return Math.max(1, Math.ceilDiv(micros, 1_000_000L));
	}

	private static long micros(Instant instant) {
		return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
	}

	/** Tokens this instance took from a shared bucket and has not spent yet. */
	private static final class Lease {

		private final AtomicLong remaining;

		private volatile long expiresAtMicros;

		Lease(long remaining, long expiresAtMicros) {
			this.remaining = new AtomicLong(remaining);
			this.expiresAtMicros = expiresAtMicros;
		}

		/**
		 * This lease with {@code added}'s tokens too, or {@code added} if this one
		 * lapsed.
		 */
		Lease absorb(Lease added, long nowMicros) {
			if (nowMicros >= this.expiresAtMicros) {
				return added;
			}
			this.remaining.addAndGet(added.remaining.get());
			this.expiresAtMicros = Math.max(this.expiresAtMicros, added.expiresAtMicros);
			return this;
		}

		boolean tryTake(long nowMicros) {
			if (nowMicros >= this.expiresAtMicros) {
				return false;
			}
			long left;
			do {
				left = this.remaining.get();
				if (left <= 0) {
					return false;
				}
			}
			while (!this.remaining.compareAndSet(left, left - 1));
			return true;
		}

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
