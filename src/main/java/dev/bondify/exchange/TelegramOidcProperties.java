package dev.bondify.exchange;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where id_tokens of Telegram's own OpenID Connect login come from.
 *
 * @param issuer the expected {@code iss} ({@code BONDIFY_TELEGRAM_OIDC_ISSUER})
 * @param jwksUrl Telegram's signing keys ({@code BONDIFY_TELEGRAM_OIDC_JWKS_URL})
 * @param timeout how long one fetch of the keys may take
 * @param cacheTtl how long fetched keys are used before they are fetched again (an
 * unknown {@code kid} fetches them at once, at most every {@code refetchInterval})
 * @param refetchInterval the shortest time between two fetches
 * @see <a href="https://core.telegram.org/bots/telegram-login">Log In With Telegram</a>
 */
@ConfigurationProperties("bondify.telegram.oidc")
record TelegramOidcProperties(String issuer, URI jwksUrl, Duration timeout, Duration cacheTtl,
		Duration refetchInterval) {

}
