package dev.bondify.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One claimant per period, decided by PostgreSQL: the claims of several instances are
 * concurrent statements on the same row, simulated here by concurrent threads.
 */
class PeriodicJobsIntegrationTest extends IntegrationTest {

	private static final Duration HOUR = Duration.ofHours(1);

	@Autowired
	private PeriodicJobs jobs;

	@Test
	void exactlyOneOfManyConcurrentClaimsWinsAPeriod() throws Exception {
		String job = "test-" + UUID.randomUUID();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Boolean>> claims = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				claims.add(pool.submit(() -> {
					start.await();
					return this.jobs.claim(job, HOUR);
				}));
			}
			start.countDown();
			int won = 0;
			for (Future<Boolean> claim : claims) {
				won += claim.get() ? 1 : 0;
			}
			assertThat(won).isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.jobs.claim(job, HOUR)).as("the period is taken").isFalse();
	}

	@Test
	void theNextPeriodCanBeClaimedAgainByAnyone() {
		String job = "test-" + UUID.randomUUID();
		assertThat(this.jobs.claim(job, HOUR)).isTrue();
		assertThat(this.jobs.claim(job, HOUR)).isFalse();
		// As if an hour had passed (or the instance that ran it had been killed
		// meanwhile).
		this.jdbc.update("update periodic_jobs set last_run_at = last_run_at - interval '1 hour' where name = ?", job);
		assertThat(this.jobs.claim(job, HOUR)).isTrue();
		assertThat(this.jobs.claim(job, HOUR)).isFalse();
		this.jdbc.update("update periodic_jobs set last_run_at = last_run_at - interval '1 minute' where name = ?",
				job);
		assertThat(this.jobs.claim(job, Duration.ofSeconds(30))).as("a shorter period has passed").isTrue();
	}

	@Test
	void aPublishedFigureIsReadByTheInstancesThatDidNotRunTheJob() {
		String job = "test-" + UUID.randomUUID();
		assertThat(this.jobs.lastResult(job)).isNull();
		this.jobs.claim(job, HOUR);
		this.jobs.publish(job, 42);
		assertThat(this.jobs.lastResult(job)).isEqualTo(42L);
	}

}
