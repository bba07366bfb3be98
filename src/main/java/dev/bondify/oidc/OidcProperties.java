package dev.bondify.oidc;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Lifetimes of the OpenID Connect provider's tokens.
 *
 * @param accessTokenTtl how long an access token is good for {@code /userinfo}
 * ({@code BONDIFY_OIDC_ACCESS_TOKEN_TTL})
 * @param codeTtl how long an authorization code may be exchanged
 * ({@code BONDIFY_OIDC_CODE_TTL})
 * @param ticketTtl how long the sign-in page may take to continue once the user confirmed
 */
@ConfigurationProperties("bondify.oidc")
record OidcProperties(Duration accessTokenTtl, Duration codeTtl, Duration ticketTtl) {

	OidcProperties {
		if (!isPositive(accessTokenTtl) || !isPositive(codeTtl) || !isPositive(ticketTtl)) {
			throw new IllegalArgumentException(
					"BONDIFY_OIDC_ACCESS_TOKEN_TTL and BONDIFY_OIDC_CODE_TTL must be positive durations.");
		}
	}

	private static boolean isPositive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

}
