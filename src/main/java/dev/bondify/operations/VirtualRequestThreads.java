package dev.bondify.operations;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
 * wait is cheapest.
 */
// Measured (bench/run.sh, ROWS=liveness,token, 2 cores): a token request waits twice for
// a group commit (its code's lookup, its redemption); on virtual threads each wait
// unmounts a deep Spring Security stack and schedules a timer for the deadline, and the
// token row's JVM cost was 0.52-0.79 ms per request against 0.49-0.54 ms on platform
// workers, liveness unchanged (0.21-0.25 ms either way).
// Only Tomcat's executor, not spring.threads.virtual.enabled: that property also swaps
// the task scheduler for one that runs every fixed-delay job on a single thread, where
// one long job (retention) would delay the others (webhook dispatch). Request
// concurrency is then bounded by server.tomcat.max-connections and the connection
// pool's 1 s timeout (503), not by a worker count.
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bondify.web.virtual-threads", havingValue = "true", matchIfMissing = true)
class VirtualRequestThreads {

	@Bean
	TomcatProtocolHandlerCustomizer<ProtocolHandler> requestExecutor(
			@Value("${bondify.web.platform-workers:64}") int platformWorkers) {
		return (protocolHandler) -> protocolHandler.setExecutor(new PlatformFirst(platformWorkers));
	}

	/**
	 * An executor that hands a task to an idle platform worker (at most {@code workers}
	 * of them, each leaving after a minute idle), and starts a virtual thread for it when
	 * none is idle and no other may start.
	 */
	static final class PlatformFirst implements Executor {

		private final ThreadPoolExecutor workers;

		private final ThreadFactory overflow = Thread.ofVirtual().name("http-virtual-", 0).factory();

		PlatformFirst(int workers) {
			if (workers < 0) {
				throw new IllegalArgumentException("bondify.web.platform-workers must not be negative");
			}
			ThreadFactory daemons = Thread.ofPlatform().name("http-worker-", 0).daemon().factory();
			this.workers = new ThreadPoolExecutor(Math.max(workers, 1), Math.max(workers, 1), 60, TimeUnit.SECONDS,
					new SynchronousQueue<>(), daemons, (task, pool) -> {
						throw new RejectedExecutionException();
					});
			this.workers.allowCoreThreadTimeOut(true);
			if (workers == 0) {
				this.workers.shutdown();
			}
		}

		@Override
		public void execute(Runnable task) {
			try {
				this.workers.execute(task);
			}
			catch (RejectedExecutionException ex) {
				this.overflow.newThread(task).start();
			}
		}

		/** Platform workers alive now (tests). */
		int platformWorkers() {
			return this.workers.getPoolSize();
		}

	}

}
