package dev.bondify.oidc;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import dev.bondify.system.RandomTokens;

/**
 * The access tokens {@code /userinfo} accepts: the authorization server's own decoder
 * (ES256 signature by a published key, then the default validators on the injected
 * clock), with each token whose signature verified kept by its SHA-256 so that a client's
 * repeated calls do not verify the same bytes again. A kept token is still validated
 * (expiry, type) on every call, and only while its key is still published; revocation is
 * checked after this, on every request, by the authorization lookup.
 */
final class VerifiedAccessTokens implements JwtDecoder {

	/** How many verified tokens one instance keeps. */
	static final int KEPT = 4_096;

	private final JwtDecoder verifier;

	private final OAuth2TokenValidator<Jwt> validator;

	private final JWKSource<SecurityContext> keys;

	private final Cache<ByteBuffer, Jwt> verified;

	/**
	 * The authorization server's decoder for the keys, its validators on the clock, and
	 * the memory of what it verified.
	 */
	static VerifiedAccessTokens of(JWKSource<SecurityContext> keys, Clock clock, Duration accessTokenTtl) {
		OAuth2TokenValidator<Jwt> validator = validator(clock);
		NimbusJwtDecoder verifier = (NimbusJwtDecoder) OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
		verifier.setJwtValidator(validator);
		return new VerifiedAccessTokens(verifier, validator, keys, clock, accessTokenTtl);
	}

	/** The decoder's default validators, expiry read from the clock. */
	static OAuth2TokenValidator<Jwt> validator(Clock clock) {
		JwtTimestampValidator timestamps = new JwtTimestampValidator();
		timestamps.setClock(clock);
		return JwtValidators.createDefaultWithValidators(timestamps);
	}

	VerifiedAccessTokens(JwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, JWKSource<SecurityContext> keys,
			Clock clock, Duration accessTokenTtl) {
		this.verifier = verifier;
		this.validator = validator;
		this.keys = keys;
		// A kept token is refused by the validator once expired; its entry goes soon
		// after.
		this.verified = Caffeine.newBuilder()
			.maximumSize(KEPT)
			.expireAfterWrite(accessTokenTtl.plusMinutes(2))
			.ticker(() -> clock.millis() * 1_000_000L)
			.build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		if (token == null) {
			throw new JwtException("No token");
		}
		ByteBuffer key = ByteBuffer.wrap(RandomTokens.sha256(token));
		Jwt kept = this.verified.getIfPresent(key);
		if (kept != null && token.equals(kept.getTokenValue()) && isPublished(kept.getHeaders().get("kid"))) {
			OAuth2TokenValidatorResult result = this.validator.validate(kept);
			if (result.hasErrors()) {
				this.verified.invalidate(key);
				throw new JwtValidationException("The token is no longer valid", result.getErrors());
			}
			return kept;
		}
		Jwt jwt = this.verifier.decode(token);
		this.verified.put(key, jwt);
		return jwt;
	}

	private boolean isPublished(Object kid) {
		if (!(kid instanceof String id)) {
			return false;
		}
		try {
			return !this.keys.get(new JWKSelector(new JWKMatcher.Builder().keyType(KeyType.EC).keyID(id).build()), null)
				.isEmpty();
		}
		catch (Exception ex) {
			return false;
		}
	}

	/** How many verified tokens are kept now (tests). */
	long size() {
		this.verified.cleanUp();
		return this.verified.estimatedSize();
	}

}
