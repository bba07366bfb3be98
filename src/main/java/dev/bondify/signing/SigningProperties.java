package dev.bondify.signing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.bondify.system.InvalidConfigurationException;

/**
 * Signing key rotation settings (defaults in {@code application.yml}).
 *
 * @param activationDelay how long a new key is published before it signs
 * ({@code BONDIFY_SIGNING_ACTIVATION_DELAY}), so every instance and every relying party's
 * cached JWKS has it before the first token signed with it arrives
 * @param retireAfter how long a replaced key stays published
 * ({@code BONDIFY_SIGNING_RETIRE_AFTER}); must exceed the longest lifetime of anything it
 * signed (id_token 30 min, access token {@code BONDIFY_OIDC_ACCESS_TOKEN_TTL}, proof
 * {@code BONDIFY_PROOF_TTL})
 * @param rotateEvery rotate automatically when the newest key is this old
 * ({@code BONDIFY_SIGNING_ROTATE_EVERY}); null: only by the operator command
 * @param accelerated whether ES256 is signed by AWS-LC where it runs
 * ({@code BONDIFY_SIGNING_ACCELERATED}, default true; see {@link AcceleratedEcdsa})
 */
@ConfigurationProperties("bondify.signing")
record SigningProperties(Duration activationDelay, Duration retireAfter, Duration rotateEvery, boolean accelerated) {

	SigningProperties {
		if (activationDelay == null || activationDelay.isNegative()) {
			throw new InvalidConfigurationException(
					"BONDIFY_SIGNING_ACTIVATION_DELAY must be a duration of zero or more, e.g. PT1M.");
		}
		if (retireAfter == null || retireAfter.isNegative() || retireAfter.isZero()) {
			throw new InvalidConfigurationException(
					"BONDIFY_SIGNING_RETIRE_AFTER must be a positive duration longer than every token lifetime, e.g. PT1H.");
		}
		if (rotateEvery != null && rotateEvery.compareTo(activationDelay.plus(retireAfter)) <= 0) {
			throw new InvalidConfigurationException("BONDIFY_SIGNING_ROTATE_EVERY must be longer than"
					+ " BONDIFY_SIGNING_ACTIVATION_DELAY plus BONDIFY_SIGNING_RETIRE_AFTER, e.g. P30D.");
		}
	}

}
