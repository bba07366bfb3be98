package dev.bondify.operations;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Connector;

import org.springframework.core.annotation.Order;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.bondify.access.AdmissionOrder;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.ErrorResponseWriter;

/**
 * Lets the management port answer the health and metrics paths only: any other request
 * that arrives there is a JSON 404, so the API is reachable on the main port alone; while
 * it is on, the metrics are a JSON 404 on the main port.
 */
// Runs right after the request log (which then records the 404 too) and the header check,
// and before Spring Security, on the path as Tomcat decoded and normalised it (the
// servlet path).
@Order(AdmissionOrder.MANAGEMENT_PORT)
class ManagementPortFilter extends OncePerRequestFilter {

	private final ErrorResponseWriter writer;

	private volatile Connector connector;

	// Read on every request (twice, with the request log): a plain field, not
	// Connector.getLocalPort(), which takes the server socket's lock each time.
	private volatile int port = -1;

	ManagementPortFilter(ErrorResponseWriter writer) {
		this.writer = writer;
	}

	void connector(Connector connector) {
		this.connector = connector;
	}

	/** The management connector, or null when it is off. */
	Connector connector() {
		return this.connector;
	}

	/**
	 * Reads the bound port once the web server has started.
	 * @return the management connector's bound port, or -1 when there is none
	 */
	int bound() {
		Connector connector = this.connector;
		int local = (connector != null) ? connector.getLocalPort() : -1;
		this.port = (local > 0) ? local : -1;
		return this.port;
	}

	/** The bound port of the management connector, or -1 while there is none. */
	int port() {
		return this.port;
	}

	/** Whether the request arrived on the management connector. */
	boolean served(HttpServletRequest request) {
		int port = this.port;
		return port > 0 && request.getLocalPort() == port;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (served(request) ? !isManagementPath(request.getServletPath())
				: (this.port > 0 && isMetricsPath(request.getServletPath()))) {
			// With a management port, the scrape is internal: served there only; health
			// answers on both ports.
			this.writer.write(response, ErrorCode.NOT_FOUND);
			return;
		}
		chain.doFilter(request, response);
	}

	static boolean isMetricsPath(String path) {
		return path.equals("/actuator/prometheus") || path.startsWith("/actuator/prometheus/");
	}

	static boolean isManagementPath(String path) {
		return path.equals("/actuator/health") || path.startsWith("/actuator/health/")
				|| path.equals("/actuator/prometheus");
	}

}
