package dev.bondify.exchange;

import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.io.DecodingException;
import io.jsonwebtoken.security.SecurityException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import dev.bondify.system.ApiException;

/**
 * Checks an id_token from Telegram's own OpenID Connect login: signed by a key of
 * Telegram's JWKS with RS256, ES256 or EdDSA (what a bot may choose in BotFather, ES256K
 * aside: the JDK no longer has its curve), issued by the configured issuer to the bot of
 * the project (its client id is the bot id), unexpired and recent, as
 * <a href="https://core.telegram.org/bots/telegram-login">Log In With Telegram</a>
 * describes. The user's Telegram id is its {@code id} claim.
 */
@Component
class TelegramIdTokenVerifier {

	static final String SOURCE = "telegram_oidc";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> ALGORITHMS = Set.of("RS256", "ES256", "EdDSA");

	private final TelegramJwks jwks;

	private final TelegramOidcProperties properties;

	private final Duration maxAge;

	private final Clock clock;

	TelegramIdTokenVerifier(TelegramJwks jwks, TelegramOidcProperties properties, ExchangeProperties exchange,
			Clock clock) {
		this.jwks = jwks;
		this.properties = properties;
		this.maxAge = exchange.maxAge();
		this.clock = clock;
	}

	VerifiedLogin verify(String idToken, ServingBot bot) {
		String[] parts = idToken.split("\\.", -1);
		if (parts.length != 3) {
			throw TelegramData.malformed("data must be an id_token (a signed JWT).");
		}
		// Decided before any key is looked at: "none" (unsigned), HS256 (a key anyone
		// with
		// the JWKS could forge with) and anything else Telegram does not sign with.
		if (!ALGORITHMS.contains(algorithm(parts[0])) || parts[2].isEmpty()) {
			throw TelegramData.refused("The id_token's algorithm is not one Telegram signs with.");
		}
		Claims claims = parse(idToken);
		if (claims.getAudience() == null || !claims.getAudience().contains(Long.toString(bot.id()))) {
			throw TelegramData.refused("The id_token was not issued to the bot of this project.");
		}
		Date issuedAt = claims.getIssuedAt();
		if (issuedAt == null) {
			throw TelegramData.malformed("The id_token carries no iat.");
		}
		Instant iat = issuedAt.toInstant();
		TelegramData.requireFresh(iat, this.clock.instant(), this.maxAge);
		Object id = claims.get("id");
		if (!(id instanceof Number) && !(id instanceof String)) {
			throw TelegramData.malformed("The id_token carries no Telegram user id (claim id).");
		}
		String name = claims.get("name", String.class);
		String username = claims.get("preferred_username", String.class);
		String phone = claims.get("phone_number", String.class);
		if (phone != null) {
			TelegramData.requirePrintable(phone);
			phone = (phone.length() <= 32) ? phone : null;
		}
		return new VerifiedLogin(SOURCE, TelegramData.userId(id.toString()),
				TelegramData.name((name != null) ? name : username, null), TelegramData.username(username), phone, iat,
				TelegramData.datumHash(SOURCE, bot.id(), payload(parts[1])));
	}

	private Claims parse(String idToken) {
		try {
			return Jwts.parser().keyLocator(new LocatorAdapter<Key>() {
				@Override
				protected Key locate(JwsHeader header) {
					if (!ALGORITHMS.contains(header.getAlgorithm())) {
						throw TelegramData.refused("The id_token's algorithm is not one Telegram signs with.");
					}
					if (header.getKeyId() == null) {
						throw TelegramData.refused("The id_token names no key (kid).");
					}
					return TelegramIdTokenVerifier.this.jwks.key(header.getKeyId());
				}
			})
				.requireIssuer(this.properties.issuer())
				.clock(() -> Date.from(this.clock.instant()))
				.clockSkewSeconds(ExchangeProperties.CLOCK_SKEW.toSeconds())
				.build()
				.parseSignedClaims(idToken)
				.getPayload();
		}
		catch (ApiException ex) {
			throw ex;
		}
		catch (MalformedJwtException | DecodingException ex) {
			throw TelegramData.malformed("data must be an id_token (a signed JWT).");
		}
		catch (ExpiredJwtException ex) {
			throw TelegramData.refused("The id_token has expired.");
		}
		catch (IncorrectClaimException | MissingClaimException ex) {
			throw TelegramData.refused("The id_token was not issued by Telegram's login.");
		}
		catch (SecurityException ex) {
			throw TelegramData.refused("The id_token's signature is not valid.");
		}
		catch (JwtException | IllegalArgumentException ex) {
			throw TelegramData.refused("The id_token is not valid.");
		}
	}

	private static String algorithm(String headerSegment) {
		try {
			JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(headerSegment));
			JsonNode alg = (header != null && header.isObject()) ? header.get("alg") : null;
			if (alg != null && alg.isString()) {
				return alg.asString();
			}
		}
		catch (IllegalArgumentException | JacksonException ex) {
			// answered below
		}
		throw TelegramData.malformed("data must be an id_token (a signed JWT).");
	}

	/**
	 * The decoded claims bytes: the same datum in any base64 spelling, and the same
	 * claims under a second signature (ECDSA signatures are malleable) are one datum.
	 */
	private static byte[] payload(String segment) {
		try {
			return Base64.getUrlDecoder().decode(segment);
		}
		catch (IllegalArgumentException ex) {
			throw TelegramData.malformed("data must be an id_token (a signed JWT).");
		}
	}

}
