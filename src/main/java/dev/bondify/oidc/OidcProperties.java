package dev.bondify.oidc;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Lifetimes of the OpenID Connect provider's tokens.
 *
 * @param accessTokenTtl how long an access token is good for {@code /userinfo}
 * ({@code BONDIFY_OIDC_ACCESS_TOKEN_TTL})
 * @param codeTtl how long an authorization code may be exchanged
 * ({@code BONDIFY_OIDC_CODE_TTL})
 * @param ticketTtl how long the sign-in page may take to continue once the user confirmed
 * @param devicePollInterval the least time between two token polls of a device
 * authorization, in whole seconds ({@code BONDIFY_OIDC_DEVICE_POLL_INTERVAL})
 */
@ConfigurationProperties("bondify.oidc")
record OidcProperties(@DefaultValue("PT10M") Duration accessTokenTtl, @DefaultValue("PT1M") Duration codeTtl,
		@DefaultValue("PT1M") Duration ticketTtl, @DefaultValue("PT5S") Duration devicePollInterval) {

	OidcProperties {
		if (!isPositive(accessTokenTtl) || !isPositive(codeTtl) || !isPositive(ticketTtl)) {
			throw new IllegalArgumentException(
					"BONDIFY_OIDC_ACCESS_TOKEN_TTL and BONDIFY_OIDC_CODE_TTL must be positive durations.");
		}
		if (devicePollInterval.toSeconds() < 1 || devicePollInterval.toSeconds() > 60) {
			throw new IllegalArgumentException(
					"BONDIFY_OIDC_DEVICE_POLL_INTERVAL must be between 1 and 60 seconds (RFC 8628 counts seconds).");
		}
	}

	private static boolean isPositive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

}
