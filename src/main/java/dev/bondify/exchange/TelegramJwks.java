package dev.bondify.exchange;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Key;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * Telegram's OpenID Connect signing keys, fetched from the configured JWKS URL with a
 * timeout and kept for the cache lifetime; a {@code kid} not yet known (a key rotation)
 * fetches them again, at most once per refetch interval.
 */
@Component
class TelegramJwks {

	private static final Logger log = LoggerFactory.getLogger(TelegramJwks.class);

	private final TelegramOidcProperties properties;

	private final HttpClient http;

	private final Clock clock;

	private Map<String, Key> keys = Map.of();

	private Instant fetchedAt = Instant.MIN;

	private Instant attemptedAt = Instant.MIN;

	TelegramJwks(TelegramOidcProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * The public key with this id.
	 * @throws ApiException 401 when Telegram publishes no such key, 503 when the keys
	 * cannot be fetched
	 */
	synchronized Key key(String kid) {
		Instant now = this.clock.instant();
		boolean stale = now.isAfter(this.fetchedAt.plus(this.properties.cacheTtl()));
		boolean unknown = !this.keys.containsKey(kid);
		boolean mayFetch = now.isAfter(this.attemptedAt.plus(this.properties.refetchInterval()));
		if ((stale || unknown) && mayFetch) {
			this.attemptedAt = now;
			fetch(now);
		}
		if (this.keys.isEmpty()) {
			throw unavailable();
		}
		return Optional.ofNullable(this.keys.get(kid))
			.orElseThrow(() -> TelegramData.refused("The id_token's key is not one of Telegram's signing keys."));
	}

	private void fetch(Instant now) {
		HttpRequest request = HttpRequest.newBuilder(this.properties.jwksUrl())
			.timeout(this.properties.timeout())
			.header("Accept", "application/json")
			.GET()
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IOException("HTTP " + response.statusCode());
			}
			JwkSet set = Jwks.setParser().build().parse(response.body());
			Map<String, Key> fetched = new HashMap<>();
			for (Jwk<?> jwk : set.getKeys()) {
				if (jwk.getId() != null && jwk.toKey() instanceof PublicKey key) {
					fetched.put(jwk.getId(), key);
				}
			}
			this.keys = Map.copyOf(fetched);
			this.fetchedAt = now;
		}
		catch (IOException | RuntimeException ex) {
			failed(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			failed(ex);
		}
	}

	/** Keys fetched before stay in use until a fetch succeeds again. */
	private void failed(Exception ex) {
		log.warn("Telegram's OpenID Connect keys could not be fetched from {}: {}", this.properties.jwksUrl(),
				ex.toString());
	}

	private static ApiException unavailable() {
		return new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
				"Telegram's signing keys cannot be fetched right now; retry shortly.");
	}

}
