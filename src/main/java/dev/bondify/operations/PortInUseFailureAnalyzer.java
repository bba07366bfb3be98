package dev.bondify.operations;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.tomcat.ConnectorStartFailedException;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Reports a port that is already in use as one sentence naming the variable that sets it
 * ({@code SERVER_PORT} or {@code BONDIFY_MANAGEMENT_PORT}), not Spring Boot's generic
 * advice.
 */
class PortInUseFailureAnalyzer implements FailureAnalyzer, Ordered {

	static final String ACTION = "Stop the other process or choose a free port, then start Bondify again.";

	private final Environment environment;

	PortInUseFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			int port = switch (cause) {
				case PortInUseException inUse -> inUse.getPort();
				case ConnectorStartFailedException connector -> connector.getPort();
				default -> -1;
			};
			if (port >= 0) {
				return new FailureAnalysis(description(port), ACTION, cause);
			}
		}
		return null;
	}

	String description(int port) {
		Integer management = this.environment.getProperty("bondify.management.port", Integer.class);
		boolean isManagement = management != null && management > 0 && management == port
				&& port != this.environment.getProperty("server.port", Integer.class, 8080);
		return isManagement
				? "Port " + port + " is already in use; set BONDIFY_MANAGEMENT_PORT to a free port (or -1 for none)."
				: "Port " + port + " is already in use; set SERVER_PORT to a free port.";
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
