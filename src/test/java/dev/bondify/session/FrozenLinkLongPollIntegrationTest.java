package dev.bondify.session;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.context.request.async.DeferredResult;

import dev.bondify.project.Project;
import dev.bondify.support.FreezingProxy;
import dev.bondify.support.IntegrationTest;
import dev.bondify.system.ChangeNotifications;
import dev.bondify.system.RandomTokens;
import dev.bondify.system.TestChangeNotifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Held long polls when the change link goes silent (its backend frozen behind a loopback
 * proxy, the socket open): a change made meanwhile, which the link never delivers, is
 * answered within a second from the database, and a session that stays pending keeps its
 * poll held rather than answered early.
 */
class FrozenLinkLongPollIntegrationTest extends IntegrationTest {

	@Autowired
	private SessionPolls sessionPolls;

	private FreezingProxy proxy;

	private HikariDataSource linkPool;

	private ChangeNotifications link;

	private LongPolls polls;

	@AfterEach
	void stop() throws IOException {
		if (this.polls != null) {
			this.polls.destroy();
		}
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
	void aChangeTheFrozenLinkNeverDeliversIsAnsweredWithinASecondAndPendingPollsStayHeld() throws Exception {
		this.proxy = FreezingProxy.start();
		this.linkPool = this.proxy.dataSource();
		this.link = TestChangeNotifications.over(this.linkPool);
		this.link.start();
		await().atMost(Duration.ofSeconds(10)).until(this.link::isCurrent);
		this.polls = new LongPolls(this.link, new LongPollProperties(100, 10, 10, 10), new ConcurrentHashMap<>(),
				this.sessionPolls::stillPending);
		Project project = this.projects.sandbox();
		String changing = "sess_frozenLinkChanging" + UUID.randomUUID();
		String staying = "sess_frozenLinkStaying" + UUID.randomUUID();
		insertPending(project, changing);
		insertPending(project, staying);
		DeferredResult<?> changingPoll = hold(changing);
		DeferredResult<?> stayingPoll = hold(staying);
		assertThat(changingPoll.hasResult()).isFalse();

		this.proxy.freeze(true);
		// Another instance confirms: the notification goes to the frozen link.
		this.jdbc.update("update auth_sessions set status = 'confirmed', confirmed_at = now(), telegram_id = '42' "
				+ "where token_hash = ?", (Object) RandomTokens.sha256(changing));
		long changedAt = System.nanoTime();
		await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(changingPoll::hasResult);
		Duration stale = Duration.ofNanos(System.nanoTime() - changedAt);
		assertThat(stale).as("a change unheard on a frozen link is answered within a second")
			.isLessThan(Duration.ofSeconds(1));
		assertThat(changingPoll.getResult()).isEqualTo(VerifyResponse.Simple.USED);
		// Distrusted all along: the pending session's poll is not answered before its
		// deadline.
		assertThat(this.link.isCurrent()).isFalse();
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> !stayingPoll.hasResult());
		this.proxy.freeze(false);
	}

	private DeferredResult<?> hold(String token) {
		Supplier<VerifyResponse> verify = () -> "pending"
			.equals(this.jdbc.queryForObject("select status from auth_sessions where token_hash = ?", String.class,
					(Object) RandomTokens.sha256(token))) ? VerifyResponse.Simple.PENDING : VerifyResponse.Simple.USED;
		Object held = this.polls.hold(token, LongPolls.Holder.clientIp("203.0.113.9"), Duration.ofSeconds(30), verify);
		assertThat(held).isInstanceOf(DeferredResult.class);
		return (DeferredResult<?>) held;
	}

	private void insertPending(Project project, String token) {
		Instant now = Instant.now();
		this.jdbc.update("""
				insert into auth_sessions (id, token_hash, token_preview, project_id, status, created_at, expires_at)
				values (?, ?, 'sess_xxxxxxx', ?, 'pending', ?, ?)""", UUID.randomUUID(), RandomTokens.sha256(token),
				project.getId(), Timestamp.from(now), Timestamp.from(now.plus(Duration.ofMinutes(10))));
	}

}
