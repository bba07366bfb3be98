package dev.bondify.developer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.jsonwebtoken.Jwts;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Issues and checks developer tokens: JWS pinned to HS256, issuer {@value #ISSUER},
 * subject the developer id, and claim {@code ver} the developer's token version (bumping
 * it revokes older tokens). Checking is Spring Security's Nimbus {@link JwtDecoder}, the
 * one the developer chain's resource server uses.
 */
@Component
class DeveloperTokens {

	static final String ISSUER = "bondify-developer";

	static final String VERSION_CLAIM = "ver";

	/** Longer than any token issued here; longer ones are refused before parsing. */
	static final int MAX_LENGTH = 4096;

	private final DeveloperTokenKey key;

	private final Clock clock;

	private final Duration ttl;

	private volatile JwtDecoder decoder;

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

		/** What a decoded token says; the decoder has checked both claims are there. */
		static Verified of(Jwt jwt) {
			Object version = jwt.getClaims().get(VERSION_CLAIM);
			return new Verified(jwt.getSubject(), ((Number) version).intValue());
		}

		/**
		 * Whether the token is still the developer's current version: revocation
		 * (log-out, an operator's bump) is one read, made here for the API's chain and
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
	 * Empty for anything but an unexpired HS256 token of this issuer signed with our key
	 * (revocation is not checked here: {@link Verified#isCurrent}).
	 */
	Optional<Verified> verify(String token) {
		if (token == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(Verified.of(decoder().decode(token)));
		}
		catch (JwtException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The decoder of developer tokens: HS256 only (no {@code none}, no other HMAC, no
	 * public-key algorithm), our issuer, an expiry judged by the injected clock with no
	 * leeway, a subject and an integer {@code ver}. Built on first use, since the key may
	 * live in the database.
	 */
	private static boolean isVersion(Object claim) {
		return (claim instanceof Integer || claim instanceof Long)
				&& ((Number) claim).longValue() == ((Number) claim).intValue();
	}

	JwtDecoder decoder() {
		JwtDecoder current = this.decoder;
		if (current == null) {
			NimbusJwtDecoder nimbus = NimbusJwtDecoder.withSecretKey(this.key.get())
				.macAlgorithm(MacAlgorithm.HS256)
				.build();
			JwtTimestampValidator expiry = new JwtTimestampValidator(Duration.ZERO);
			expiry.setClock(this.clock);
			List<OAuth2TokenValidator<Jwt>> validators = List.of(new JwtIssuerValidator(ISSUER), expiry,
					new JwtClaimValidator<>(JwtClaimNames.EXP, Objects::nonNull),
					new JwtClaimValidator<Object>(JwtClaimNames.SUB, (sub) -> sub instanceof String s && !s.isEmpty()),
					new JwtClaimValidator<Object>(VERSION_CLAIM, DeveloperTokens::isVersion));
			nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
			current = (token) -> {
				if (token.length() > MAX_LENGTH) {
					throw new BadJwtException("The token is longer than any developer token.");
				}
				return nimbus.decode(token);
			};
			this.decoder = current;
		}
		return current;
	}

}
