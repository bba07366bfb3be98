package dev.bondify.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Session lifetimes.
 *
 * @param ttl how long a generated session waits for the user
 * ({@code BONDIFY_SESSION_TTL})
 * @param proofTtl how long a confirmed session waits for its proof to be collected
 * ({@code BONDIFY_PROOF_TTL}); also the proof's lifetime
 */
@ConfigurationProperties("bondify.session")
public record SessionProperties(Duration ttl, Duration proofTtl) {

	public SessionProperties {
		if (ttl.isNegative() || ttl.isZero() || proofTtl.isNegative() || proofTtl.isZero()) {
			throw new IllegalArgumentException("BONDIFY_SESSION_TTL and BONDIFY_PROOF_TTL must be positive durations.");
		}
	}

}
