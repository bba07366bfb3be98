package dev.bondify.proof;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Proof settings.
 *
 * @param issuer the {@code iss} claim
 * @param ttl the proof's lifetime ({@code BONDIFY_PROOF_TTL}; {@code application.yml}
 * binds it from {@code bondify.session.proof-ttl}, the one place it is set)
 */
@ConfigurationProperties("bondify.proof")
public record ProofProperties(String issuer, Duration ttl) {

	public ProofProperties {
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("BONDIFY_PROOF_TTL must be a positive duration.");
		}
	}

}
