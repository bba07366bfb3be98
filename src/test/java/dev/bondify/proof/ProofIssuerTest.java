package dev.bondify.proof;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proof format: HS256 whatever the key length, exact header, explicit nulls, lifetime
 * from configuration.
 */
class ProofIssuerTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant NOW = Instant.parse("2026-01-15T10:30:00Z");

	private static final String KEY = "sk_live_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

	@Test
	void longKeysStillSignWithHs256AndTheHeaderIsExact() {
		String key = "sk_live_" + "k".repeat(200);
		String proof = issuer(Duration.ofMinutes(5)).issue(key, claims());

		String header = new String(Base64.getUrlDecoder().decode(proof.split("\\.")[0]), StandardCharsets.UTF_8);
		assertThat(header).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
	}

	@Test
	void payloadCarriesEveryClaimWithExplicitNullsAndConfiguredLifetime() {
		String proof = issuer(Duration.ofSeconds(120)).issue(KEY, claims());

		JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(proof.split("\\.")[1]));
		assertThat(payload.propertyNames()).containsExactly("telegram_id", "telegram_name", "telegram_username",
				"telegram_phone", "project_id", "session_token", "confirmed_at", "iss", "aud", "sub", "jti", "iat",
				"exp");
		assertThat(payload.get("telegram_username").isNull()).isTrue();
		assertThat(payload.get("telegram_phone").isNull()).isTrue();
		assertThat(payload.get("iss").asString()).isEqualTo("issuer-x");
		assertThat(payload.get("aud").asString()).isEqualTo("proj_abcdefgh");
		assertThat(payload.get("iat").asLong()).isEqualTo(NOW.getEpochSecond());
		assertThat(payload.get("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 120);
		assertThat(payload.get("confirmed_at").asLong()).isEqualTo(NOW.minusSeconds(3).toEpochMilli());
	}

	@Test
	void everyProofHasItsOwnJti() {
		ProofIssuer issuer = issuer(Duration.ofMinutes(5));
		String first = issuer.issue(KEY, claims());
		String second = issuer.issue(KEY, claims());
		assertThat(jti(first)).isNotEqualTo(jti(second)).hasSize(43);
	}

	private static String jti(String proof) {
		return JSON.readTree(Base64.getUrlDecoder().decode(proof.split("\\.")[1])).get("jti").asString();
	}

	private static ProofClaims claims() {
		return new ProofClaims("42", "Alex Johnson", null, null, "proj_abcdefgh", "sess_token", NOW.minusSeconds(3));
	}

	private static ProofIssuer issuer(Duration ttl) {
		return new ProofIssuer(Clock.fixed(NOW, ZoneOffset.UTC), new ProofProperties("issuer-x", ttl), JSON, null);
	}

}
