package dev.bondify.signing;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The encoder writes what {@code NimbusJwtEncoder} writes for the provider's tokens (the
 * same header, the same claims once parsed, a signature the key's public part verifies),
 * signs with the key current at each call, and leaves every other header or claim value
 * to Nimbus.
 */
class Es256JwtEncoderTest {

	private static final Instant ISSUED = Instant.parse("2026-12-07T13:40:01.987Z");

	private final ECKey key = key("kid-one");

	private final AtomicReference<ECKey> current = new AtomicReference<>(this.key);

	private final List<JwtEncoderParameters> fallenBack = new ArrayList<>();

	private final Es256JwtEncoder encoder = new Es256JwtEncoder(this.current::get, (parameters) -> {
		this.fallenBack.add(parameters);
		return nimbus(this.current.get()).encode(parameters);
	});

	@Test
	void anAccessTokenAndAnIdTokenAreWhatNimbusWritesAndVerify() throws Exception {
		JwtClaimsSet access = JwtClaimsSet.builder()
			.issuer("http://127.0.0.1:8080")
			.subject("pairwise-subject")
			.audience(List.of("proj_abc"))
			.issuedAt(ISSUED)
			.notBefore(ISSUED)
			.expiresAt(ISSUED.plusSeconds(600))
			.id("2b0f5c5e-3f7a-4d2c-9f55-6a1f0c8e9a11")
			.claim("scope", new LinkedHashSet<>(List.of("openid", "profile")))
			.build();
		Map<String, Object> address = new LinkedHashMap<>();
		address.put("country", "Ελλάδα");
		address.put("floor", 3);
		address.put("verified", null);
		JwtClaimsSet id = JwtClaimsSet.builder()
			.issuer("https://id.example")
			.subject("pairwise-subject")
			.audience(List.of("proj_abc", "proj_other"))
			.issuedAt(ISSUED)
			.expiresAt(ISSUED.plusSeconds(1800))
			.claim("azp", "proj_abc")
			.claim("nonce", "n-0S6_WzA2Mj")
			.claim("auth_time", Date.from(ISSUED.minusMillis(4_321)))
			.claim("amr", List.of("telegram"))
			.claim("telegram_id", "4242")
			.claim("name", "Ann \"Q\" \\ O'Neil <b>&\n\t\u0001\u2028 😀")
			.claim("phone_number_verified", true)
			.claim("count", 7L)
			.claim("address", address)
			.build();

		for (JwtClaimsSet claims : List.of(access, id)) {
			JwtEncoderParameters parameters = JwtEncoderParameters
				.from(JwsHeader.with(SignatureAlgorithm.ES256).build(), claims);
			Jwt ours = this.encoder.encode(parameters);
			Jwt theirs = nimbus(this.key).encode(parameters);

			SignedJWT parsed = SignedJWT.parse(ours.getTokenValue());
			SignedJWT expected = SignedJWT.parse(theirs.getTokenValue());
			assertThat(parsed.getHeader().toString()).isEqualTo(expected.getHeader().toString());
			assertThat(parsed.getPayload().toJSONObject()).isEqualTo(expected.getPayload().toJSONObject());
			assertThat(parsed.verify(new ECDSAVerifier(this.key.toPublicJWK()))).isTrue();
			assertThat(ours.getHeaders()).isEqualTo(theirs.getHeaders());
			assertThat(ours.getClaims()).isEqualTo(theirs.getClaims());
			assertThat(ours.getIssuedAt()).isEqualTo(theirs.getIssuedAt());
			assertThat(ours.getExpiresAt()).isEqualTo(theirs.getExpiresAt());
		}
		assertThat(this.fallenBack).isEmpty();
		// Spot checks of the rules, beyond the comparison: one audience is a string, an
		// instant and a date are whole seconds.
		Map<String, Object> payload = SignedJWT
			.parse(this.encoder
				.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).build(), access))
				.getTokenValue())
			.getPayload()
			.toJSONObject();
		assertThat(payload.get("aud")).isEqualTo("proj_abc");
		assertThat(payload.get("iat")).isEqualTo(ISSUED.getEpochSecond());
	}

	@Test
	void aTamperedTokenDoesNotVerify() throws Exception {
		Jwt token = this.encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).build(),
				JwtClaimsSet.builder().subject("a").build()));
		String[] parts = token.getTokenValue().split("\\.");
		String tampered = parts[0] + "." + Base64URL.encode("{\"sub\":\"b\"}") + "." + parts[2];

		assertThat(SignedJWT.parse(token.getTokenValue()).verify(new ECDSAVerifier(this.key.toPublicJWK()))).isTrue();
		assertThat(SignedJWT.parse(tampered).verify(new ECDSAVerifier(this.key.toPublicJWK()))).isFalse();
	}

	@Test
	void aRotatedKeySignsTheNextToken() throws Exception {
		JwtEncoderParameters parameters = JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).build(),
				JwtClaimsSet.builder().subject("s").issuedAt(ISSUED).build());
		SignedJWT before = SignedJWT.parse(this.encoder.encode(parameters).getTokenValue());
		ECKey next = key("kid-two");
		this.current.set(next);

		Jwt after = this.encoder.encode(parameters);

		assertThat(before.getHeader().getKeyID()).isEqualTo("kid-one");
		SignedJWT parsed = SignedJWT.parse(after.getTokenValue());
		assertThat(parsed.getHeader().getKeyID()).isEqualTo("kid-two");
		assertThat(after.getHeaders()).containsEntry("kid", "kid-two");
		assertThat(parsed.verify(new ECDSAVerifier(next.toPublicJWK()))).isTrue();
		assertThat(parsed.verify(new ECDSAVerifier(this.key.toPublicJWK()))).isFalse();
	}

	@Test
	void signaturesMadeAtOnceOnManyThreadsEachVerifyForTheirOwnClaims() throws Exception {
		// More threads than the 16 signature objects kept per key.
		int threads = 24;
		int each = 20;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<List<String>>> results = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			results.add(pool.submit(() -> {
				start.await();
				List<String> tokens = new ArrayList<>();
				for (int i = 0; i < each; i++) {
					tokens.add(
							this.encoder
								.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).build(),
										JwtClaimsSet.builder().subject("s-" + thread + "-" + i).build()))
								.getTokenValue());
				}
				return tokens;
			}));
		}
		start.countDown();
		Set<String> signatures = new HashSet<>();
		ECDSAVerifier verifier = new ECDSAVerifier(this.key.toPublicJWK());
		for (int t = 0; t < threads; t++) {
			List<String> tokens = results.get(t).get(30, TimeUnit.SECONDS);
			for (int i = 0; i < each; i++) {
				SignedJWT parsed = SignedJWT.parse(tokens.get(i));
				assertThat(parsed.verify(verifier)).isTrue();
				assertThat(parsed.getJWTClaimsSet().getSubject()).isEqualTo("s-" + t + "-" + i);
				assertThat(parsed.getSignature().decode()).hasSize(64);
				signatures.add(parsed.getSignature().toString());
			}
		}
		pool.shutdown();
		// ECDSA signatures are randomised: a signature object used again never repeats
		// one.
		assertThat(signatures).hasSize(threads * each);
		// The signature objects kept after use sign the next token as the first did.
		Jwt later = this.encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).build(),
				JwtClaimsSet.builder().subject("later").build()));
		assertThat(SignedJWT.parse(later.getTokenValue()).verify(verifier)).isTrue();
		assertThat(this.fallenBack).isEmpty();
	}

	@Test
	void aKeyNotOnP256SignsNothing() throws Exception {
		ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("kid-384").generate();
		this.current.set(p384);

		assertThatThrownBy(() -> this.encoder.encode(JwtEncoderParameters
			.from(JwsHeader.with(SignatureAlgorithm.ES256).build(), JwtClaimsSet.builder().subject("s").build())))
			.isInstanceOf(JwtEncodingException.class)
			.hasMessageContaining("Failed to create a JWS Signer");
	}

	@Test
	void everyOtherHeaderOrClaimValueIsLeftToNimbus() throws Exception {
		JwtClaimsSet plain = JwtClaimsSet.builder().subject("s").build();
		List<JwtEncoderParameters> others = List.of(
				JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).keyId("kid-one").build(), plain),
				JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).type("at+jwt").build(), plain),
				JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).build(),
						JwtClaimsSet.builder().subject("s").claim("website", URI.create("https://a.example")).build()),
				JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).build(),
						JwtClaimsSet.builder().subject("s").claim("ratio", 0.5).build()),
				JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).build(),
						JwtClaimsSet.builder().subject("s").claim("list", List.of("a", 1.5)).build()));

		for (JwtEncoderParameters parameters : others) {
			Jwt token = this.encoder.encode(parameters);
			assertThat(SignedJWT.parse(token.getTokenValue()).verify(new ECDSAVerifier(this.key.toPublicJWK())))
				.isTrue();
		}

		assertThat(this.fallenBack).containsExactlyElementsOf(others);
	}

	private static JwtEncoder nimbus(ECKey key) {
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
	}

	private static ECKey key(String kid) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(kid)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
