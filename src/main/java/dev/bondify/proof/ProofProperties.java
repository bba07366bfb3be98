package dev.bondify.proof;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Proof settings; the proof's lifetime is {@code bondify.session.proof-ttl}.
 *
 * @param issuer the {@code iss} claim
 */
@ConfigurationProperties("bondify.proof")
public record ProofProperties(@DefaultValue("bondify") String issuer) {
}
