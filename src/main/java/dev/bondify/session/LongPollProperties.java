package dev.bondify.session;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of verify long polls ({@code "wait"}) held by one instance.
 *
 * @param maxWaiters most polls held at once ({@code BONDIFY_LONG_POLL_MAX_WAITERS})
 * @param maxWaitersPerIp most polls held at once for one client IP
 * ({@code BONDIFY_LONG_POLL_MAX_WAITERS_PER_IP})
 */
@ConfigurationProperties("bondify.long-poll")
record LongPollProperties(@DefaultValue("10000") int maxWaiters, @DefaultValue("20") int maxWaitersPerIp) {

	LongPollProperties {
		if (maxWaiters < 0 || maxWaitersPerIp < 0) {
			throw new IllegalArgumentException("BONDIFY_LONG_POLL_MAX_WAITERS* must not be negative.");
		}
	}

}
