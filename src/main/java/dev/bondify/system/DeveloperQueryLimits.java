package dev.bondify.system;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.stereotype.Component;

/**
 * Keeps developer reads bounded: a statement timeout for the current transaction, and
 * counts of heavy requests in flight, in total and per developer.
 */
// Counts are per instance, like the connection pool they protect. A slot is refused,
// never
// waited for: a queue of developer requests would hold Tomcat workers instead.
@Component
public class DeveloperQueryLimits {

	private final DeveloperQueryProperties properties;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final ConcurrentMap<String, Integer> perDeveloper = new ConcurrentHashMap<>();

	DeveloperQueryLimits(DeveloperQueryProperties properties) {
		this.properties = properties;
	}

	/**
	 * Sets {@code statement_timeout} for the rest of the current transaction (it ends
	 * with it, so the pooled connection is not affected). Call it inside
	 * {@code @Transactional}.
	 */
	public void boundCurrentTransaction(JdbcOperations jdbc) {
		jdbc.queryForObject("select set_config('statement_timeout', ?, true)", String.class,
				Long.toString(this.properties.statementTimeout().toMillis()));
	}

	/**
	 * Takes a slot for a heavy request of this developer.
	 * @return false when this developer or the instance already has as many as allowed
	 */
	boolean tryEnter(String developerId) {
		if (this.inFlight.incrementAndGet() > this.properties.maxConcurrent()) {
			this.inFlight.decrementAndGet();
			return false;
		}
		boolean[] entered = { false };
		this.perDeveloper.compute(developerId, (id, count) -> {
			int current = (count != null) ? count : 0;
			if (current >= this.properties.maxConcurrentPerDeveloper()) {
				return count;
			}
			entered[0] = true;
			return current + 1;
		});
		if (!entered[0]) {
			this.inFlight.decrementAndGet();
		}
		return entered[0];
	}

	/** Gives back a slot taken by {@link #tryEnter(String)}. */
	void leave(String developerId) {
		this.perDeveloper.computeIfPresent(developerId, (id, count) -> (count > 1) ? count - 1 : null);
		this.inFlight.decrementAndGet();
	}

}
