package dev.bondify.operations;

import java.util.concurrent.Executors;

import org.apache.coyote.ProtocolHandler;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs each HTTP request on its own virtual thread, so requests waiting for the database
 * never leave the liveness probe without a worker.
 */
// Only Tomcat's executor, not spring.threads.virtual.enabled: that property also swaps
// the
// task scheduler for one that runs every fixed-delay job on a single thread, where one
// long job (retention) would delay the others (webhook dispatch). Request concurrency is
// then bounded by server.tomcat.max-connections and the connection pool's 1 s timeout
// (503), not by a worker count.
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "bondify.web.virtual-threads", havingValue = "true", matchIfMissing = true)
class VirtualRequestThreads {

	@Bean
	TomcatProtocolHandlerCustomizer<ProtocolHandler> virtualThreadPerRequestExecutor() {
		return (protocolHandler) -> protocolHandler.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
	}

}
