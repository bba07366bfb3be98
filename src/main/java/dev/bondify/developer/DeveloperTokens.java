package dev.bondify.developer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;

import org.springframework.stereotype.Component;

/**
 * Issues and checks developer tokens: JWS pinned to HS256, issuer {@value #ISSUER},
 * subject the developer id, and claim {@code ver} the developer's token version (bumping
 * it revokes older tokens).
 */
@Component
class DeveloperTokens {

	static final String ISSUER = "bondify-developer";

	static final String VERSION_CLAIM = "ver";

	private final DeveloperTokenKey key;

	private final Clock clock;

	private final Duration ttl;

	DeveloperTokens(DeveloperTokenKey key, Clock clock, AuthProperties properties) {
		this.key = key;
		this.clock = clock;
		this.ttl = properties.tokenTtl();
	}

	/** A signed token and its expiry (whole seconds, as carried in {@code exp}). */
	record Issued(String token, Instant expiresAt) {
	}

	/** What a valid token says: who, and which token version it was issued under. */
	record Verified(String developerId, int version) {

		/**
		 * Whether the token is still the developer's current version: revocation
		 * (log-out, an operator's bump) is one read, made here for the API's filter and
		 * the dashboard alike.
		 */
		boolean isCurrent(DeveloperRepository developers) {
			return developers.findTokenVersion(this.developerId)
				.map((current) -> current == this.version)
				.orElse(false);
		}

	}

	Issued issue(String developerId, int version) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Instant expiresAt = now.plus(this.ttl);
		String token = Jwts.builder()
			.header()
			.type("JWT")
			.and()
			.issuer(ISSUER)
			.subject(developerId)
			.claim(VERSION_CLAIM, version)
			.issuedAt(Date.from(now))
			.expiration(Date.from(expiresAt))
			.signWith(this.key.get(), Jwts.SIG.HS256)
			.compact();
		return new Issued(token, expiresAt);
	}

	/**
	 * Empty for anything but an unexpired HS256 token of this issuer signed with our key.
	 */
	Optional<Verified> verify(String token) {
		if (token == null || token.length() > 4096) {
			return Optional.empty();
		}
		try {
			Jws<Claims> jws = Jwts.parser()
				.verifyWith(this.key.get())
				.requireIssuer(ISSUER)
				.clock(() -> Date.from(this.clock.instant()))
				.build()
				.parseSignedClaims(token);
			// jjwt accepts any HMAC algorithm the key is long enough for; only HS256 is
			// ours.
			if (!"HS256".equals(jws.getHeader().getAlgorithm())) {
				return Optional.empty();
			}
			Claims claims = jws.getPayload();
			Integer version = claims.get(VERSION_CLAIM, Integer.class);
			if (claims.getSubject() == null || version == null || claims.getExpiration() == null) {
				return Optional.empty();
			}
			return Optional.of(new Verified(claims.getSubject(), version));
		}
		catch (JwtException | IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
