package dev.bondify.session;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.support.FreezingProxy;
import dev.bondify.support.IntegrationTest;
import dev.bondify.system.CacheProperties;
import dev.bondify.system.ChangeNotifications;
import dev.bondify.system.RandomTokens;
import dev.bondify.system.TestChangeNotifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The verify poll cache over a change link of its own behind a loopback proxy: a pending
 * session is answered from memory on every poll while the link is alive, and when the
 * link's backend freezes, a confirm made on another instance (which the link never
 * delivers) stops the memory answer within a second.
 */
class PollCacheFrozenLinkIntegrationTest extends IntegrationTest {

	@Autowired
	private SessionPolls sessionPolls;

	private FreezingProxy proxy;

	private HikariDataSource linkPool;

	private ChangeNotifications link;

	@AfterEach
	void stop() throws IOException {
		if (this.link != null) {
			this.link.stop();
		}
		if (this.proxy != null) {
			this.proxy.close();
		}
		if (this.linkPool != null) {
			this.linkPool.close();
		}
	}

	@Test
	void aPendingSessionIsAnsweredFromMemoryUntilAFrozenLinkCouldHaveMissedItsConfirm() throws Exception {
		this.proxy = FreezingProxy.start();
		this.linkPool = this.proxy.dataSource();
		this.link = TestChangeNotifications.over(this.linkPool);
		this.link.start();
		await().atMost(Duration.ofSeconds(10)).until(this.link::isCurrent);
		SessionStateCache cache = new SessionStateCache(this.link, new CacheProperties(100, 100, Duration.ofMinutes(5)),
				new DeliveryProperties(Duration.ofSeconds(30)));
		Project project = this.projects.sandbox();
		byte[] hash = RandomTokens.sha256("sess_pollCacheFrozen" + UUID.randomUUID());
		insertPending(project, hash);
		long generation = cache.generation();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		SessionPolls.Polled read = this.sessionPolls
			.deliverOrRead(hash, project.getId(), now, now.minus(Duration.ofMinutes(5)), "jti-unused")
			.orElseThrow();
		cache.put(hash, read.state(project.getId()), generation);

		// An idle live link: every poll for 2 s is answered from memory.
		int fromDatabase = 0;
		int polls = 0;
		long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		while (System.nanoTime() - end < 0) {
			polls++;
			if (answer(cache, project, hash) == null) {
				fromDatabase++;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
		}
		assertThat(polls).isGreaterThan(100);
		assertThat(fromDatabase).as("polls of a pending session on a live link that needed the database").isZero();
		assertThat(answer(cache, project, hash)).isEqualTo(VerifyResponse.Simple.PENDING);

		this.proxy.freeze(true);
		// Another instance confirms: the notification goes to the frozen link.
		this.jdbc.update("update auth_sessions set status = 'confirmed', confirmed_at = now(), telegram_id = '42' "
				+ "where token_hash = ?", (Object) hash);
		long changedAt = System.nanoTime();
		await().atMost(Duration.ofSeconds(2))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> answer(cache, project, hash) == null);
		Duration stale = Duration.ofNanos(System.nanoTime() - changedAt);
		assertThat(stale).as("pending answered from memory after a confirm the link never delivered")
			.isLessThan(Duration.ofSeconds(1));

		// Back again: trusted only once the confirm was handed over, so memory holds no
		// pending answer for the session any more.
		this.proxy.freeze(false);
		await().atMost(Duration.ofSeconds(10)).until(this.link::isCurrent);
		assertThat(answer(cache, project, hash)).isNull();
		assertThat(cache.size()).isZero();
	}

	private static VerifyResponse answer(SessionStateCache cache, Project project, byte[] hash) {
		Instant now = Instant.now();
		return cache.answer(hash, project.getId(), now, now.minus(Duration.ofMinutes(5)));
	}

	private void insertPending(Project project, byte[] hash) {
		Instant now = Instant.now();
		this.jdbc.update("""
				insert into auth_sessions (id, token_hash, token_preview, project_id, status, created_at, expires_at)
				values (?, ?, 'sess_xxxxxxx', ?, 'pending', ?, ?)""", UUID.randomUUID(), hash, project.getId(),
				Timestamp.from(now), Timestamp.from(now.plus(Duration.ofMinutes(10))));
	}

}
