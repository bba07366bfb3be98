package dev.bondify.exchange;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How old exchanged Telegram data may be and which keys sign Mini App data for third
 * parties.
 *
 * @param maxAge how long after its {@code auth_date} (or {@code iat}) a datum is accepted
 * ({@code BONDIFY_EXCHANGE_MAX_AGE})
 * @param webappPublicKeys the hex Ed25519 public keys whose {@code signature} on Mini App
 * data is accepted ({@code BONDIFY_EXCHANGE_WEBAPP_PUBLIC_KEYS}, comma-separated);
 * Telegram's production key by default. Telegram's test-environment key
 * ({@code 40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec}) belongs here
 * only on deployments that serve test-environment bots: bot ids of the two environments
 * overlap.
 * @see <a href=
 * "https://core.telegram.org/bots/webapps#validating-data-for-third-party-use">Validating
 * data for third-party use</a>
 */
@ConfigurationProperties("bondify.exchange")
record ExchangeProperties(Duration maxAge, List<String> webappPublicKeys) {

	/**
	 * How far in the future a datum's time may lie: the clocks of Telegram and of this
	 * server differ a little.
	 */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	ExchangeProperties {
		if (maxAge.isNegative() || maxAge.isZero()) {
			throw new IllegalArgumentException("BONDIFY_EXCHANGE_MAX_AGE must be positive.");
		}
		for (String key : webappPublicKeys) {
			if (!key.strip().matches("[0-9a-fA-F]{64}")) {
				throw new IllegalArgumentException(
						"BONDIFY_EXCHANGE_WEBAPP_PUBLIC_KEYS must be 64-digit hex Ed25519 public keys.");
			}
		}
	}

}
