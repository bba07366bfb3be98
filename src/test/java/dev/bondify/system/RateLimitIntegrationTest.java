package dev.bondify.system;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bondify.BondifyApplication;
import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.MutableClock;
import dev.bondify.support.TestClockConfiguration;
import dev.bondify.support.TestDatabase;
import dev.bondify.support.TestDevelopers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared token buckets: continuous refill, exact Retry-After, one budget for several
 * instances, and the keys each endpoint is counted by.
 */
class RateLimitIntegrationTest extends IntegrationTest {

	@Autowired
	RateLimiter limiter;

	Instant start;

	@BeforeEach
	void fixClock() {
		this.start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		this.clock.set(this.start);
	}

	@Test
	void burstSpentThenRefusedWithTheExactSecondsUntilTheNextToken() {
		String key = uniqueKey();
		// 6 a minute: one token every 10 s.
		for (int i = 0; i < 6; i++) {
			this.limiter.acquire(key, 6);
		}
		assertThat(retryAfter(key, 6)).isEqualTo(10);
		this.clock.advance(Duration.ofMillis(9_001));
		assertThat(retryAfter(key, 6)).as("0.999 s rounded up").isEqualTo(1);
		this.clock.advance(Duration.ofMillis(999));
		this.limiter.acquire(key, 6);
		assertThat(retryAfter(key, 6)).isEqualTo(10);
	}

	@Test
	void refillIsContinuousSoNoMinuteBoundaryDoublesTheBudget() {
		String key = uniqueKey();
		this.clock.set(this.start.truncatedTo(ChronoUnit.MINUTES).plusSeconds(59));
		for (int i = 0; i < 60; i++) {
			this.limiter.acquire(key, 60);
		}
		// Two seconds later a new clock minute has begun; a fixed window would grant 60
		// more.
		this.clock.advance(Duration.ofSeconds(2));
		this.limiter.acquire(key, 60);
		this.limiter.acquire(key, 60);
		assertThat(retryAfter(key, 60)).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(30));
		for (int i = 0; i < 30; i++) {
			this.limiter.acquire(key, 60);
		}
		assertThat(retryAfter(key, 60)).isEqualTo(1);
	}

	@Test
	void concurrentCallersTogetherGetTheBurstOnce() throws Exception {
		String key = uniqueKey();
		assertThat(grantedConcurrently(List.of(this.limiter), key, 20, 60)).isEqualTo(20);
	}

	@Test
	void fullBucketsAreDeleted() {
		String key = uniqueKey();
		this.limiter.acquire(key, 60);
		assertThat(bucketRows(key)).isEqualTo(1);
		this.limiter.deleteFullBuckets();
		assertThat(bucketRows(key)).as("not full yet").isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(2));
		this.limiter.deleteFullBuckets();
		assertThat(bucketRows(key)).isZero();
	}

	@Test
	void twoInstancesTogetherAcceptTheLimitOnce() throws Exception {
		try (ConfigurableApplicationContext other = startAnotherInstance()) {
			other.getBean(MutableClock.class).set(this.start);
			RateLimiter otherLimiter = other.getBean(RateLimiter.class);
			String key = uniqueKey();
			for (int i = 0; i < 5; i++) {
				this.limiter.acquire(key, 10);
				otherLimiter.acquire(key, 10);
			}
			assertThat(retryAfter(this.limiter, key, 10)).isEqualTo(6);
			assertThat(retryAfter(otherLimiter, key, 10)).isEqualTo(6);

			assertThat(grantedConcurrently(List.of(this.limiter, otherLimiter), uniqueKey(), 30, 80)).isEqualTo(30);
		}
	}

	@Test
	void busyBucketsTakeASecondOfTokensAheadInOneStatement() {
		String key = uniqueKey();
		this.limiter.acquire(key, 600);
		assertThat(bucketRows(key)).isEqualTo(1);
		this.jdbc.update("delete from rate_limit_buckets where key = ?", RateLimiter.storedKey(key));

		// The first call took 10 tokens (600 a minute = 10 a second): 9 are spent here
		// without a statement, so the deleted row is not written again.
		for (int i = 0; i < 9; i++) {
			this.limiter.acquire(key, 600);
		}
		assertThat(bucketRows(key)).isZero();
		this.limiter.acquire(key, 600);
		assertThat(bucketRows(key)).as("the lease ran out: the next call went to the database").isEqualTo(1);
	}

	@Test
	void tokensTakenAheadLapseAfterASecond() {
		String key = uniqueKey();
		this.limiter.acquire(key, 600);
		this.jdbc.update("delete from rate_limit_buckets where key = ?", RateLimiter.storedKey(key));
		this.clock.advance(Duration.ofMillis(1001));

		this.limiter.acquire(key, 600);
		assertThat(bucketRows(key)).isEqualTo(1);
	}

	@Test
	void twoInstancesTakingTokensAheadStillAcceptNoMoreThanTheLimit() throws Exception {
		try (ConfigurableApplicationContext other = startAnotherInstance()) {
			other.getBean(MutableClock.class).set(this.start);
			RateLimiter otherLimiter = other.getBean(RateLimiter.class);

			int granted = grantedConcurrently(List.of(this.limiter, otherLimiter), uniqueKey(), 600, 1600);

			// At most one unspent lease of 10 tokens per instance is lost, never more
			// granted.
			assertThat(granted).isBetween(580, 600);
		}
	}

	@Test
	void hugeLimitsSuchAsABenchmarksAreAccepted() {
		String key = uniqueKey();
		for (int i = 0; i < 200; i++) {
			this.limiter.acquire(key, Integer.MAX_VALUE);
		}
	}

	@Test
	void smallLimitsAreExactPerCall() {
		assertThat(RateLimiter.batchFor(10)).isOne();
		assertThat(RateLimiter.batchFor(119)).isOne();
		assertThat(RateLimiter.batchFor(600)).isEqualTo(10);
		assertThat(RateLimiter.batchFor(100_000_000)).isEqualTo(100);
	}

	@Nested
	class Endpoints {

		@Test
		void publicGenerateIsCountedPerClientIpWithRetryAfter() {
			String body = "{\"project_id\":\"" + projects.sandbox().getId() + "\"}";
			String ip = TestDevelopers.randomIp();
			for (int i = 0; i < 60; i++) {
				assertThat(api.post("/api/v1/generate/public", body, "X-Forwarded-For", ip).status()).isEqualTo(200);
			}
			Response limited = api.post("/api/v1/generate/public", body, "X-Forwarded-For", ip);
			assertThat(limited.status()).isEqualTo(429);
			assertThat(limited.code()).isEqualTo("RATE_LIMITED");
			assertThat(limited.header("Retry-After")).isEqualTo("1");
			assertThat(api.post("/api/v1/generate/public", body, "X-Forwarded-For", TestDevelopers.randomIp()).status())
				.as("another IP has its own budget")
				.isEqualTo(200);
		}

		@Test
		void secretKeyCallsAreCountedPerKeyNotPerCallerIp() {
			Project project = projects.sandbox();
			String body = "{\"project_id\":\"" + project.getId() + "\"}";
			String ip = TestDevelopers.randomIp();
			for (int i = 0; i < 60; i++) {
				api.post("/api/v1/generate/public", body, "X-Forwarded-For", ip);
			}
			assertThat(api.post("/api/v1/generate/public", body, "X-Forwarded-For", ip).status()).isEqualTo(429);

			Response server = api.post("/api/v1/generate", body, "X-Forwarded-For", ip, "Authorization",
					"Bearer " + project.getSecretKey());
			assertThat(server.status()).as(server.body()).isEqualTo(200);
		}

		@Test
		void wrongSecretKeysCountAgainstTheCallerIpAndOpenNoBucketsOfTheirOwn() {
			String body = "{\"project_id\":\"" + projects.sandbox().getId() + "\"}";
			String ip = TestDevelopers.randomIp();
			long bucketsBefore = count("rate_limit_buckets");
			for (int i = 0; i < 60; i++) {
				Response wrong = api.post("/api/v1/generate", body, "X-Forwarded-For", ip, "Authorization",
						"Bearer sk_test_random" + i);
				assertThat(wrong.status()).isEqualTo(401);
			}
			Response limited = api.post("/api/v1/generate", body, "X-Forwarded-For", ip, "Authorization",
					"Bearer sk_test_random-again");
			assertThat(limited.status()).isEqualTo(429);
			assertThat(count("rate_limit_buckets") - bucketsBefore).as("one bucket: the caller IP's").isOne();
		}

		@Test
		void anIpv6ClientIsCountedByItsSlash64() {
			String body = "{\"project_id\":\"" + projects.sandbox().getId() + "\"}";
			String prefix = "2001:db8:" + Integer.toHexString(TestDevelopers.randomIp().hashCode() & 0xffff) + ":7:";
			for (int i = 0; i < 60; i++) {
				assertThat(api.post("/api/v1/generate/public", body, "X-Forwarded-For", prefix + "0:0:0:" + (i + 1))
					.status()).isEqualTo(200);
			}
			assertThat(api.post("/api/v1/generate/public", body, "X-Forwarded-For", prefix + "ffff:ffff:ffff:ffff")
				.status()).as("another address of the same /64").isEqualTo(429);
		}

	}

	private long retryAfter(String key, int perMinute) {
		return retryAfter(this.limiter, key, perMinute);
	}

	private static long retryAfter(RateLimiter limiter, String key, int perMinute) {
		try {
			limiter.acquire(key, perMinute);
		}
		catch (ApiException ex) {
			assertThat(ex.code()).isEqualTo(ErrorCode.RATE_LIMITED);
			return ex.retryAfterSeconds();
		}
		throw new AssertionError("expected " + key + " to be rate limited");
	}

	private static int grantedConcurrently(List<RateLimiter> limiters, String key, int perMinute, int attempts)
			throws Exception {
		int threads = 8;
		CyclicBarrier barrier = new CyclicBarrier(threads);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Integer>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				RateLimiter limiter = limiters.get(t % limiters.size());
				Callable<Integer> task = () -> {
					barrier.await();
					int granted = 0;
					for (int i = 0; i < attempts / threads; i++) {
						try {
							limiter.acquire(key, perMinute);
							granted++;
						}
						catch (ApiException ex) {
							assertThat(ex.code()).isEqualTo(ErrorCode.RATE_LIMITED);
						}
					}
					return granted;
				};
				futures.add(pool.submit(task));
			}
			int granted = 0;
			for (Future<Integer> future : futures) {
				granted += future.get();
			}
			return granted;
		}
		finally {
			pool.shutdown();
		}
	}

	private long bucketRows(String key) {
		Long rows = this.jdbc.queryForObject("select count(*) from rate_limit_buckets where key = ?", Long.class,
				RateLimiter.storedKey(key));
		return (rows != null) ? rows : 0;
	}

	private static String uniqueKey() {
		return "test:" + UUID.randomUUID();
	}

	/**
	 * The same application once more on the same database, with its own movable clock.
	 */
	private static ConfigurableApplicationContext startAnotherInstance() {
		TestDatabase.Connection db = TestDatabase.get();
		return new SpringApplicationBuilder(BondifyApplication.class, TestClockConfiguration.class).run(
				"--server.port=0", "--spring.datasource.url=" + db.url(),
				"--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
				"--bondify.data-dir=target/test-data", "--bondify.telegram.mode=off", "--spring.jmx.enabled=false");
	}

}
