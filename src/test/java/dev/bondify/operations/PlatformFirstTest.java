package dev.bondify.operations;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests run on a free platform worker, and on a virtual thread of their own when every
 * worker is busy, so no request waits for a worker.
 */
class PlatformFirstTest {

	@Test
	void aRequestFindingEveryWorkerBusyRunsAtOnceOnAVirtualThread() throws Exception {
		VirtualRequestThreads.PlatformFirst executor = new VirtualRequestThreads.PlatformFirst(2);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(3);
		AtomicReference<Thread> first = new AtomicReference<>();
		AtomicReference<Thread> second = new AtomicReference<>();
		AtomicReference<Thread> third = new AtomicReference<>();
		executor.execute(blocking(first, started, release));
		executor.execute(blocking(second, started, release));
		executor.execute(blocking(third, started, release));
		// The third runs while the first two still hold both workers.
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(first.get().isVirtual()).isFalse();
		assertThat(second.get().isVirtual()).isFalse();
		assertThat(first.get()).isNotSameAs(second.get());
		assertThat(third.get().isVirtual()).isTrue();
		assertThat(third.get().getName()).startsWith("http-virtual-");
		assertThat(executor.platformWorkers()).isEqualTo(2);
		release.countDown();

		// Once a worker is free again, the next request runs on it, not on a new thread.
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			AtomicReference<Thread> next = new AtomicReference<>();
			CountDownLatch ran = new CountDownLatch(1);
			executor.execute(() -> {
				next.set(Thread.currentThread());
				ran.countDown();
			});
			ran.await(10, TimeUnit.SECONDS);
			return next.get() == first.get() || next.get() == second.get();
		});
		assertThat(executor.platformWorkers()).isEqualTo(2);
		executor.shutdown();
	}

	@Test
	void requestsOneAfterAnotherRunOnTheSameIdleWorker() throws Exception {
		VirtualRequestThreads.PlatformFirst executor = new VirtualRequestThreads.PlatformFirst(64);
		try {
			Thread worker = null;
			for (int i = 0; i < 20; i++) {
				Thread ran = runOne(executor);
				if (worker == null) {
					worker = ran;
				}
				assertThat(ran).as("request %d", i).isSameAs(worker);
				// Idle: waiting for the next hand-off.
				Thread idle = worker;
				await().atMost(Duration.ofSeconds(10)).until(() -> idle.getState() == Thread.State.TIMED_WAITING);
			}
			assertThat(worker.isVirtual()).isFalse();
			assertThat(executor.platformWorkers()).isEqualTo(1);
		}
		finally {
			executor.shutdown();
		}
	}

	@Test
	void withNoWorkersEveryRequestRunsOnAVirtualThread() throws Exception {
		VirtualRequestThreads.PlatformFirst executor = new VirtualRequestThreads.PlatformFirst(0);
		assertThat(runOne(executor).isVirtual()).isTrue();
		assertThat(executor.platformWorkers()).isZero();
	}

	/** The thread a task ran on, once it has run. */
	private static Thread runOne(VirtualRequestThreads.PlatformFirst executor) throws InterruptedException {
		AtomicReference<Thread> ran = new AtomicReference<>();
		CountDownLatch done = new CountDownLatch(1);
		executor.execute(() -> {
			ran.set(Thread.currentThread());
			done.countDown();
		});
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		return ran.get();
	}

	private static Runnable blocking(AtomicReference<Thread> thread, CountDownLatch started, CountDownLatch release) {
		return () -> {
			thread.set(Thread.currentThread());
			started.countDown();
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
	}

}
