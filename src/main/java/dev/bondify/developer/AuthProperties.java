package dev.bondify.developer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Developer account settings.
 *
 * @param secret signs developer tokens ({@code BONDIFY_AUTH_SECRET}, at least 32 bytes);
 * empty means generated once and kept in the database
 * @param tokenTtl lifetime of a developer token ({@code BONDIFY_AUTH_TOKEN_TTL})
 * @param registrationOpen whether {@code POST /api/v1/dev/register} accepts new accounts
 * ({@code BONDIFY_REGISTRATION_OPEN})
 */
@ConfigurationProperties("bondify.auth")
record AuthProperties(String secret, Duration tokenTtl, boolean registrationOpen) {

	AuthProperties {
		if (tokenTtl.isNegative() || tokenTtl.isZero()) {
			throw new IllegalArgumentException("BONDIFY_AUTH_TOKEN_TTL must be a positive duration.");
		}
	}

	@Override
	public String toString() {
		return "AuthProperties[secret=" + ((this.secret == null || this.secret.isEmpty()) ? "<generated>" : "******")
				+ ", tokenTtl=" + this.tokenTtl + ", registrationOpen=" + this.registrationOpen + "]";
	}

}
