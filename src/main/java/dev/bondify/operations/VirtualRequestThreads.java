package dev.bondify.operations;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
	 * An executor that hands a task to an idle platform worker, starts another worker
	 * when none is idle (at most {@code workers} of them, each leaving after a minute
	 * idle), and starts a virtual thread for the task when all of them are busy.
	 */
	static final class PlatformFirst implements Executor {

		private final ThreadFactory overflow = Thread.ofVirtual().name("http-virtual-", 0).factory();

		/** Null when every task runs on a virtual thread. */
		private final ThreadPoolExecutor workers;

		PlatformFirst(int workers) {
			if (workers < 0) {
				throw new IllegalArgumentException("bondify.web.platform-workers must not be negative");
			}
			if (workers == 0) {
				this.workers = null;
				return;
			}
			// No core threads: a task goes to an idle worker through the synchronous
			// hand-off, and only when none takes it is a worker started (up to the
			// maximum); past it the rejection starts a virtual thread, without an
			// exception.
			this.workers = new ThreadPoolExecutor(0, workers, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
					Thread.ofPlatform().name("http-worker-", 0).daemon().factory(),
					(task, pool) -> this.overflow.newThread(task).start());
		}

		@Override
		public void execute(Runnable task) {
			if (this.workers == null) {
				this.overflow.newThread(task).start();
			}
			else {
				this.workers.execute(task);
			}
		}

		/** Platform workers alive now (tests). */
		int platformWorkers() {
			return (this.workers != null) ? this.workers.getPoolSize() : 0;
		}

		/** Stops the idle workers; running tasks finish (tests, shutdown). */
		void shutdown() {
			if (this.workers != null) {
				this.workers.shutdown();
			}
		}

	}

}
