package dev.bondify.operations;

import java.util.Map;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

import dev.bondify.system.ErrorResponseWriter;

/**
 * Adds the probe connector: a second Tomcat connector in the same web application whose
 * requests run on a few platform threads, so the liveness probe is scheduled by the
 * operating system next to the virtual-thread carriers instead of queueing behind every
 * virtual thread the API has started.
 */
// Measured with PostgreSQL down and 300 clients on every route (bench/outage.sh): the
// liveness request waited in the ForkJoinPool's queue behind ~240 virtual threads that
// had not run yet, 1.5-5 s. A platform thread is runnable for the kernel at once and
// competes with the two carriers for its own time slice. Not management.server.port:
// that starts a child context with its own dispatcher and error handling, and takes
// /actuator off the main port, where the contract lists it; this connector shares the
// application (filters, JSON errors) and only narrows the paths it answers
// (ManagementPortFilter). It still shares short monitors (one wait of 455 ms on Tomcat's
// filter configs, held by a descheduled carrier, in 200 probes) and the GC's pauses.
@Configuration(proxyBeanMethods = false)
class ManagementConnector {

	/** The probe connector's bound port, once the server has started. */
	static final String LOCAL_PORT_PROPERTY = "local.management.port";

	private static final String PROPERTY_SOURCE = "bondify.management.ports";

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> managementConnectorCustomizer(
			ManagementProperties properties, @Value("${server.port:8080}") int serverPort,
			ManagementPortFilter filter) {
		return (factory) -> {
			if (properties.enabled(serverPort)) {
				Connector connector = connector(properties);
				filter.connector(connector);
				// Connector customizers run on the main connector after Spring Boot's own
				// (server.tomcat.*) and before the additional connectors start.
				factory.addConnectorCustomizers((main) -> copyLimits(main, connector));
				factory.addAdditionalConnectors(connector);
			}
		};
	}

	@Bean
	ManagementPortFilter managementPortFilter(ErrorResponseWriter writer) {
		return new ManagementPortFilter(writer);
	}

	@Bean
	ApplicationListener<WebServerInitializedEvent> managementPortPublisher(ManagementPortFilter filter) {
		return (event) -> {
			int port = filter.bound();
			if (port > 0 && event.getApplicationContext() instanceof ConfigurableApplicationContext context) {
				MutablePropertySources sources = context.getEnvironment().getPropertySources();
				sources.remove(PROPERTY_SOURCE);
				sources.addFirst(new MapPropertySource(PROPERTY_SOURCE, Map.of(LOCAL_PORT_PROPERTY, port)));
			}
		};
	}

	static Connector connector(ManagementProperties properties) {
		Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
		connector.setPort(properties.port());
		if (properties.address() != null && !connector.setProperty("address", properties.address())) {
			throw new IllegalArgumentException(
					"bondify.management.address does not resolve to an address: " + properties.address());
		}
		connector.setProperty("maxThreads", Integer.toString(properties.threads()));
		connector.setProperty("minSpareThreads", "1");
		// Probes and scrapes are few: a flood on this port queues here instead of taking
		// memory or threads from the API. A probe sends its request at once and a
		// scraper reconnects cheaply, so idle or slow connections are dropped after 3 s:
		// a few slow clients cannot keep the 64 connections for long.
		connector.setProperty("maxConnections", "64");
		connector.setProperty("acceptCount", "32");
		connector.setProperty("connectionTimeout", "3000");
		connector.setProperty("keepAliveTimeout", "3000");
		connector.setProperty("maxKeepAliveRequests", "100");
		return connector;
	}

	/**
	 * The request limits of the main connector, as Spring Boot set them from
	 * server.tomcat.* and server.max-http-request-header-size, not Tomcat's defaults (2
	 * MB of swallowed or posted body).
	 */
	static void copyLimits(Connector main, Connector management) {
		management.setMaxPostSize(main.getMaxPostSize());
		management.setMaxParameterCount(main.getMaxParameterCount());
		if (main.getProtocolHandler() instanceof AbstractHttp11Protocol<?> from
				&& management.getProtocolHandler() instanceof AbstractHttp11Protocol<?> to) {
			to.setMaxSwallowSize(from.getMaxSwallowSize());
			to.setMaxHttpRequestHeaderSize(from.getMaxHttpRequestHeaderSize());
			to.setMaxHttpResponseHeaderSize(from.getMaxHttpResponseHeaderSize());
		}
	}

}
