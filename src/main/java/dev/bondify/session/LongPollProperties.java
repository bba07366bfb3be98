package dev.bondify.session;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bounds of verify long polls ({@code "wait"}) held by one instance.
 *
 * @param maxWaiters most polls held at once ({@code BONDIFY_LONG_POLL_MAX_WAITERS})
 * @param maxWaitersPerIp most public polls held at once for one client IP
 * ({@code BONDIFY_LONG_POLL_MAX_WAITERS_PER_IP})
 * @param maxWaitersPerKey most secret-key polls held at once for one project key,
 * whatever the caller IP: a backend serves many users from one address, and tenants may
 * share that address ({@code BONDIFY_LONG_POLL_MAX_WAITERS_PER_KEY}); kept at 1000: the
 * developer bound below is what keeps tenants apart, and a one-project tenant (the usual
 * case) should not get less than before
 * @param maxWaitersPerDeveloper most secret-key polls held at once over all projects of
 * one developer (a project without one, the demo, counts as its own developer): sandbox
 * projects are free and registration is open, so without it ten projects of one tenant
 * would hold every poll of the instance; a fifth of {@code maxWaiters} by default
 * ({@code BONDIFY_LONG_POLL_MAX_WAITERS_PER_DEVELOPER})
 */
@ConfigurationProperties("bondify.long-poll")
record LongPollProperties(int maxWaiters, int maxWaitersPerIp, int maxWaitersPerKey, int maxWaitersPerDeveloper) {

	LongPollProperties {
		if (maxWaiters < 0 || maxWaitersPerIp < 0 || maxWaitersPerKey < 0 || maxWaitersPerDeveloper < 0) {
			throw new IllegalArgumentException("BONDIFY_LONG_POLL_MAX_WAITERS* must not be negative.");
		}
	}

}
