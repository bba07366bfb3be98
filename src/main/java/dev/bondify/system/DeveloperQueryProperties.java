package dev.bondify.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bounds on the developer API's heavy reads (analytics, session lists), so that no tenant
 * can take the connections that sign-ins need.
 *
 * @param statementTimeout longest a single statement of such a read may run in PostgreSQL
 * before it is cancelled (answered 503)
 * @param maxConcurrent heavy developer requests in flight at once on this instance, all
 * developers together; more are answered 429 at once, without waiting
 * @param maxConcurrentPerDeveloper heavy requests in flight at once for one developer
 */
@ConfigurationProperties("bondify.developer-queries")
public record DeveloperQueryProperties(Duration statementTimeout, int maxConcurrent, int maxConcurrentPerDeveloper) {

	public DeveloperQueryProperties {
		if (maxConcurrent < 1 || maxConcurrentPerDeveloper < 1) {
			throw new IllegalArgumentException("bondify.developer-queries limits must be at least 1.");
		}
		if (statementTimeout.toMillis() < 1) {
			throw new IllegalArgumentException("bondify.developer-queries.statement-timeout must be positive.");
		}
	}

}
