package dev.bondify.operations;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.bondify.access.AdmissionOrder;

/**
 * Logs one line per request (method, path without query, status, duration) under a
 * request id it echoes; refused requests (4xx) beyond {@link RefusalLogBudget}'s few per
 * second are counted ({@value #SUPPRESSED_METRIC}) and summarised in one line instead.
 */
// X-Request-Id is honoured when short and plain, else generated; it is also put in the
// MDC for structured logs.
@Component
@Order(AdmissionOrder.REQUEST_LOG)
class RequestLogFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Request-Id";

	static final String MDC_KEY = "request_id";

	private static final Logger log = LoggerFactory.getLogger("dev.bondify.request");

	private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	/**
	 * Session tokens, secret keys and proofs never belong in a path, but if a client puts
	 * one there it is masked.
	 */
	private static final Pattern SECRET_IN_PATH = Pattern.compile("(sess_|sk_live_|sk_test_|eyJ)[A-Za-z0-9_.-]{8,}");

	private static final int MAX_PATH_LENGTH = 200;

	static final String SUPPRESSED_METRIC = "bondify.request.log.suppressed";

	private final ManagementPortFilter managementPort;

	private final RefusalLogBudget budget = new RefusalLogBudget(System::nanoTime);

	/**
	 * Refused credentials (401, 403) have a budget of their own: a flood of other bad
	 * requests cannot hide a key-guessing run's lines.
	 */
	private final RefusalLogBudget credentialBudget = new RefusalLogBudget(System::nanoTime);

	private final Counter suppressed;

	RequestLogFilter(ManagementPortFilter managementPort, MeterRegistry meters) {
		this.managementPort = managementPort;
		this.suppressed = Counter.builder(SUPPRESSED_METRIC)
			.description("Refused requests (4xx) whose request-log line was left out of a flood")
			.register(meters);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String requestId = requestId(request.getHeader(HEADER));
		response.setHeader(HEADER, requestId);
		MDC.put(MDC_KEY, requestId);
		long started = System.nanoTime();
		int status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
		try {
			chain.doFilter(request, response);
			status = response.getStatus();
		}
		finally {
			long millis = (System.nanoTime() - started) / 1_000_000;
			// A probe or scrape answered on the management port is not traffic, and its
			// line
			// would wait for the console appender's lock behind every API request's (275
			// ms
			// measured with the database down): answered, not logged.
			if (status >= 400 || !this.managementPort.served(request)) {
				boolean refused = status >= 400 && status < 500;
				boolean credential = status == 401 || status == 403;
				RefusalLogBudget.Decision decision = (credential ? this.credentialBudget : this.budget).admit(refused);
				long unreported = decision.suppressedBefore();
				if (!refused) {
					unreported += this.credentialBudget.admit(false).suppressedBefore();
				}
				if (unreported > 0) {
					log.info("{} more refused requests (4xx) in a flood were not logged one by one", unreported);
				}
				if (decision.log()) {
					log.info("{} {} {} {}ms request_id={}", request.getMethod(), loggablePath(request.getRequestURI()),
							status, millis, requestId);
				}
				else {
					this.suppressed.increment();
				}
			}
			MDC.remove(MDC_KEY);
		}
	}

	/**
	 * The caller's id when it is short and plain (it is echoed and logged), otherwise a
	 * fresh one.
	 */
	static String requestId(String header) {
		if (header != null && SANE_ID.matcher(header).matches()) {
			return header;
		}
		// A correlation id, not a secret: ThreadLocalRandom avoids SecureRandom's shared
		// lock on every request.
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
				(random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
			.toString();
	}

	static String loggablePath(String uri) {
		String path = SECRET_IN_PATH.matcher(uri).replaceAll("$1***");
		return (path.length() > MAX_PATH_LENGTH) ? path.substring(0, MAX_PATH_LENGTH) + "…" : path;
	}

}
