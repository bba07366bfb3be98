package dev.bondify.system;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.bondify.support.FreezingProxy;
import dev.bondify.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A LISTEN connection whose backend freezes (the socket stays open, nothing comes back)
 * stops being trusted within a second, so the caches that rely on it are bypassed; it is
 * trusted again once the link answers, and only after the caches were reset. A live link
 * is trusted without a gap, even when an answer comes late.
 */
class FrozenListenerTest {

	private FreezingProxy proxy;

	private ChangeNotifications notifications;

	private HikariDataSource dataSource;

	@AfterEach
	void stop() throws IOException {
		if (this.notifications != null) {
			this.notifications.stop();
		}
		this.proxy.close();
		this.dataSource.close();
	}

	@Test
	void aFrozenBackendIsDistrustedWithinOneSecond() throws Exception {
		TestDatabase.Connection db = TestDatabase.get();
		this.proxy = FreezingProxy.start();
		this.dataSource = this.proxy.dataSource();
		this.notifications = new ChangeNotifications(this.dataSource);
		List<String> received = new CopyOnWriteArrayList<>();
		this.notifications.subscribe(new ChangeNotifications.Subscriber() {
			@Override
			public void changed(String payload) {
				received.add(payload);
			}

			@Override
			public void reset() {
			}
		});
		this.notifications.start();
		await().atMost(Duration.ofSeconds(10)).until(this.notifications::isCurrent);

		this.proxy.freeze(true);
		long frozenAt = System.nanoTime();
		await().atMost(Duration.ofSeconds(2))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> !this.notifications.isCurrent());
		Duration noticed = Duration.ofNanos(System.nanoTime() - frozenAt);
		assertThat(noticed).as("a frozen link is distrusted within a second").isLessThan(Duration.ofSeconds(1));

		// Another instance's change while the link is frozen.
		try (java.sql.Connection direct = java.sql.DriverManager.getConnection(db.url(), db.username(),
				db.password())) {
			direct.createStatement().execute("select pg_notify('bondify_changes', 'sfrozen')");
		}
		this.proxy.freeze(false);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).until(this.notifications::isCurrent);
		assertThat(received).as("trusted again only once the change made during the freeze was handed over")
			.contains("sfrozen");
	}

	@Test
	void aLiveLinkIsTrustedWithoutAGapEvenWhenAnAnswerComesLate() throws Exception {
		TestDatabase.Connection db = TestDatabase.get();
		this.proxy = FreezingProxy.start();
		this.dataSource = this.proxy.dataSource();
		this.notifications = new ChangeNotifications(this.dataSource);
		List<String> received = new CopyOnWriteArrayList<>();
		this.notifications.subscribe(new ChangeNotifications.Subscriber() {
			@Override
			public void changed(String payload) {
				received.add(payload);
			}

			@Override
			public void reset() {
			}
		});
		this.notifications.start();
		await().atMost(Duration.ofSeconds(10)).until(this.notifications::isCurrent);

		// An idle link: no notification comes, the heartbeats alone keep it trusted.
		assertThat(distrustedSamples(Duration.ofSeconds(3))).as("samples of an idle live link that were distrusted")
			.isZero();

		// The backend answers 250 ms late (a starved machine) while another instance
		// changes something: still trusted throughout, and the change is handed over.
		ScheduledExecutorService thaw = Executors.newSingleThreadScheduledExecutor();
		try {
			this.proxy.freeze(true);
			try (java.sql.Connection direct = java.sql.DriverManager.getConnection(db.url(), db.username(),
					db.password())) {
				// A well-formed session payload (hex): other tests' application contexts
				// listen on the same database.
				direct.createStatement().execute("select pg_notify('bondify_changes', 's1a7e0')");
			}
			thaw.schedule(() -> this.proxy.freeze(false), 250, TimeUnit.MILLISECONDS);
			assertThat(distrustedSamples(Duration.ofMillis(1500)))
				.as("samples of a live link distrusted around a late answer")
				.isZero();
		}
		finally {
			thaw.shutdownNow();
			this.proxy.freeze(false);
		}
		assertThat(received).contains("s1a7e0");
	}

	private int distrustedSamples(Duration during) {
		int distrusted = 0;
		long end = System.nanoTime() + during.toNanos();
		while (System.nanoTime() - end < 0) {
			if (!this.notifications.isCurrent()) {
				distrusted++;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
		}
		return distrusted;
	}

	@Test
	void aPayloadASubscriberCannotReadResetsThatSubscriberAndKeepsTheLink() throws Exception {
		TestDatabase.Connection db = TestDatabase.get();
		this.proxy = FreezingProxy.start();
		this.dataSource = this.proxy.dataSource();
		this.notifications = new ChangeNotifications(this.dataSource);
		java.util.concurrent.atomic.AtomicInteger resets = new java.util.concurrent.atomic.AtomicInteger();
		List<String> strict = new CopyOnWriteArrayList<>();
		List<String> other = new CopyOnWriteArrayList<>();
		this.notifications.subscribe(new ChangeNotifications.Subscriber() {
			@Override
			public void changed(String payload) {
				if (!payload.startsWith("unreadable-test-")) {
					return;
				}
				if (payload.endsWith("garbage")) {
					throw new NumberFormatException("not hex");
				}
				strict.add(payload);
			}

			@Override
			public void reset() {
				resets.incrementAndGet();
			}
		});
		this.notifications.subscribe(new ChangeNotifications.Subscriber() {
			@Override
			public void changed(String payload) {
				if (payload.startsWith("unreadable-test-")) {
					other.add(payload);
				}
			}

			@Override
			public void reset() {
			}
		});
		this.notifications.start();
		await().atMost(Duration.ofSeconds(10)).until(this.notifications::isCurrent);
		int pid = this.notifications.backendPid();
		int resetsBefore = resets.get();

		try (java.sql.Connection direct = java.sql.DriverManager.getConnection(db.url(), db.username(),
				db.password())) {
			direct.createStatement().execute("select pg_notify('bondify_changes', 'unreadable-test-garbage')");
			direct.createStatement().execute("select pg_notify('bondify_changes', 'unreadable-test-next')");
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> other.contains("unreadable-test-next"));
		assertThat(resets.get()).as("the subscriber that could not read it forgot what it held")
			.isEqualTo(resetsBefore + 1);
		assertThat(strict).as("and it still receives what follows").containsExactly("unreadable-test-next");
		assertThat(other).containsExactly("unreadable-test-garbage", "unreadable-test-next");
		assertThat(this.notifications.backendPid()).as("the link stayed up").isEqualTo(pid);
		assertThat(this.notifications.isCurrent()).isTrue();
	}

}
