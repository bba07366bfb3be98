package dev.bondify.oidc;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import dev.bondify.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A verified access token is verified once, but still refused when it expires, when its
 * key is no longer published, and a forged one is never taken for a kept one.
 */
class VerifiedAccessTokensTest {

	private final MutableClock clock = new MutableClock();

	private final List<JWK> published = new ArrayList<>();

	private final JWKSource<SecurityContext> keys = (selector, context) -> selector.select(new JWKSet(this.published));

	private final AtomicInteger verifications = new AtomicInteger();

	private ECKey key;

	private VerifiedAccessTokens tokens;

	@BeforeEach
	void setUp() throws Exception {
		// A fixed whole second: a JWT's exp has whole seconds, and a clock that ran on
		// while the first decode warmed up moved the 60 s leeway's edge by that time.
		this.clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
		this.key = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true)
			.keyUse(KeyUse.SIGNATURE)
			.algorithm(JWSAlgorithm.ES256)
			.generate();
		this.published.add(this.key);
		OAuth2TokenValidator<Jwt> validator = VerifiedAccessTokens.validator(this.clock);
		NimbusJwtDecoder verifier = (NimbusJwtDecoder) OAuth2AuthorizationServerConfiguration.jwtDecoder(this.keys);
		verifier.setJwtValidator(validator);
		this.tokens = new VerifiedAccessTokens((token) -> {
			this.verifications.incrementAndGet();
			return verifier.decode(token);
		}, validator, this.keys, this.clock, Duration.ofMinutes(10));
	}

	@Test
	void aTokenIsVerifiedOnceThenAnsweredFromMemory() {
		String token = sign(this.clock.instant().plus(Duration.ofMinutes(10)));

		assertThat(this.tokens.decode(token).getSubject()).isEqualTo("pairwise-subject");
		assertThat(this.tokens.decode(token).getSubject()).isEqualTo("pairwise-subject");

		assertThat(this.verifications).hasValue(1);
		assertThat(this.tokens.size()).isEqualTo(1);
	}

	@Test
	void aKeptTokenIsRefusedOnceExpired() {
		String token = sign(this.clock.instant().plus(Duration.ofMinutes(10)));
		this.tokens.decode(token);

		// The decoder's default leeway of 60 s holds for kept tokens too.
		this.clock.advance(Duration.ofMinutes(10).plusSeconds(59));
		assertThat(this.tokens.decode(token)).isNotNull();
		this.clock.advance(Duration.ofSeconds(2));

		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.tokens.decode(token));
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.tokens.decode(token));
	}

	@Test
	void anExpiredTokenIsRefusedOnItsFirstUseToo() {
		String token = sign(this.clock.instant().minus(Duration.ofMinutes(2)));

		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.tokens.decode(token));
		assertThat(this.tokens.size()).isZero();
	}

	@Test
	void aKeptTokenIsRefusedOnceItsKeyIsNoLongerPublished() {
		String token = sign(this.clock.instant().plus(Duration.ofMinutes(10)));
		this.tokens.decode(token);

		this.published.clear();

		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.tokens.decode(token));
	}

	@Test
	void aForgedSignatureIsNeverTakenForTheKeptToken() {
		String token = sign(this.clock.instant().plus(Duration.ofMinutes(10)));
		this.tokens.decode(token);
		String signature = token.substring(token.lastIndexOf('.') + 1);
		char flipped = (signature.charAt(5) == 'A') ? 'B' : 'A';
		String forged = token.substring(0, token.lastIndexOf('.') + 1) + signature.substring(0, 5) + flipped
				+ signature.substring(6);
		String otherClaims = token.substring(0, token.indexOf('.') + 1) + "eyJzdWIiOiJhZG1pbiJ9"
				+ token.substring(token.lastIndexOf('.'));

		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.tokens.decode(forged));
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.tokens.decode(otherClaims));
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> this.tokens.decode(forged));
		assertThat(this.verifications).hasValue(4);
		assertThat(this.tokens.size()).isEqualTo(1);
	}

	private String sign(Instant expiresAt) {
		NimbusJwtEncoder encoder = new NimbusJwtEncoder((selector, context) -> selector.select(new JWKSet(this.key)));
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.subject("pairwise-subject")
			.issuedAt(expiresAt.minus(Duration.ofMinutes(10)))
			.expiresAt(expiresAt)
			.build();
		return encoder
			.encode(JwtEncoderParameters
				.from(JwsHeader.with(SignatureAlgorithm.ES256).keyId(this.key.getKeyID()).build(), claims))
			.getTokenValue();
	}

}
