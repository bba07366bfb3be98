package dev.bondify.operations;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.coyote.ProtocolHandler;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs each HTTP request on a platform worker while one of a few is free, and on a
 * virtual thread of its own beyond them, so requests waiting for the database never leave
 * the service without a worker (an outage's flood of requests each waiting a second for
 * the pool is answered by as many virtual threads), while the ordinary load runs where a
 * wait is cheapest. {@code bondify.web.virtual-threads=false} leaves Tomcat its own pool
 * of platform threads (200) instead, without the virtual threads beyond them.
 */
// Measured (docs/performance.md, 2026-12-08): a token request waits twice for a group
// commit (its code's lookup, its redemption); on virtual threads each wait unmounts a
// deep Spring Security stack and schedules a timer for its deadline. The token row's
// JVM cost per request was 0.52-0.79 ms in eight single-row runs on virtual threads and
// 0.49-0.54 ms in three on platform threads, liveness unchanged either way (0.21-0.25).
// Only Tomcat's executor, not spring.threads.virtual.enabled: that property also swaps
// the task scheduler for one that runs every fixed-delay job on a single thread, where
// one long job (retention) would delay the others (webhook dispatch). Request
// concurrency is then bounded by server.tomcat.max-connections and the connection
// pool's 1 s timeout (503), not by a worker count.
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bondify.web.virtual-threads", havingValue = "true", matchIfMissing = true)
class VirtualRequestThreads {

	/** The main connector's executor; its idle workers stop with the application. */
	@Bean(destroyMethod = "shutdown")
	PlatformFirst requestWorkers(@Value("${bondify.web.platform-workers:64}") int platformWorkers) {
		return new PlatformFirst(platformWorkers);
	}

	@Bean
	TomcatProtocolHandlerCustomizer<ProtocolHandler> requestExecutor(PlatformFirst requestWorkers) {
		return (protocolHandler) -> protocolHandler.setExecutor(requestWorkers);
	}

	/**
	 * An executor that runs a task on a platform worker while fewer than {@code workers}
	 * tasks are running or waiting for one, and on a virtual thread of its own otherwise.
	 * A task for the workers goes to an idle one when there is one, and starts another
	 * worker when there is not (up to the limit; a worker leaves after a minute idle), so
	 * none waits behind a busy worker.
	 */
	static final class PlatformFirst implements Executor {

		private final ThreadFactory overflow = Thread.ofVirtual().name("http-virtual-", 0).factory();

		/** Null when every task runs on a virtual thread. */
		private final ThreadPoolExecutor workers;

		private final int limit;

		/** Tasks given to the workers and not finished yet. */
		private final AtomicInteger given = new AtomicInteger();

		PlatformFirst(int workers) {
			if (workers < 0) {
				throw new IllegalArgumentException("bondify.web.platform-workers must not be negative");
			}
			this.limit = workers;
			this.workers = (workers == 0) ? null : new ThreadPoolExecutor(0, workers, 60, TimeUnit.SECONDS,
					new IdleFirst(), Thread.ofPlatform().name("http-worker-", 0).daemon().factory());
		}

		@Override
		public void execute(Runnable task) {
			if (this.workers != null) {
				if (this.given.incrementAndGet() <= this.limit) {
					try {
						this.workers.execute(() -> {
							try {
								task.run();
							}
							finally {
								this.given.decrementAndGet();
							}
						});
						return;
					}
					catch (RejectedExecutionException ex) {
						// Shut down: the task still runs, on a virtual thread.
					}
				}
				this.given.decrementAndGet();
			}
			this.overflow.newThread(task).start();
		}

		/** Platform workers alive now (tests). */
		int platformWorkers() {
			return (this.workers != null) ? this.workers.getPoolSize() : 0;
		}

		/** Stops the workers once their tasks are done (tests, shutdown). */
		void shutdown() {
			if (this.workers != null) {
				this.workers.shutdown();
			}
		}

		/**
		 * The workers' queue: a task is queued when a worker is idle (it takes it), and
		 * refused when every worker is busy, so that the pool starts another; at the
		 * limit it is queued for the worker finishing its task (the count of given tasks
		 * keeps them at most as many as the workers).
		 */
		private final class IdleFirst extends LinkedBlockingQueue<Runnable> {

			@Override
			public boolean offer(Runnable task) {
				ThreadPoolExecutor pool = PlatformFirst.this.workers;
				if (pool != null && PlatformFirst.this.given.get() > pool.getPoolSize()
						&& pool.getPoolSize() < pool.getMaximumPoolSize()) {
					return false;
				}
				return super.offer(task);
			}

		}

	}

}
