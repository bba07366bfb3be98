package dev.bondify.proof;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.ECKey;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import dev.bondify.project.Project;
import dev.bondify.signing.DeterministicEs256;
import dev.bondify.signing.SigningKeys;
import dev.bondify.system.RandomTokens;

/**
 * Signs proofs: compact JWS, HS256 keyed with the UTF-8 bytes of the whole secret key
 * string, or, for a project with {@code proof_alg} ES256, ES256 with the provider's
 * current signing key (checked with jjwt in {@link ProofVerification}).
 */
@Component
public class ProofIssuer {

	/**
	 * The header exactly as the contract and the Node SDKs write it; serialised by hand
	 * because jjwt's builder puts {@code typ} first, and signed with the JDK's HMAC so
	 * the algorithm can never follow the key length.
	 */
	private static final String HEADER = Base64.getUrlEncoder()
		.withoutPadding()
		.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final Clock clock;

	private final Duration ttl;

	private final String issuer;

	private final JsonMapper jsonMapper;

	private final SigningKeys signingKeys;

	ProofIssuer(Clock clock, ProofProperties properties, JsonMapper jsonMapper, SigningKeys signingKeys) {
		this.clock = clock;
		this.ttl = properties.ttl();
		this.issuer = properties.issuer();
		this.jsonMapper = jsonMapper;
		this.signingKeys = signingKeys;
	}

	/** A proof for {@code project}, in the algorithm it chose. */
	public String issue(Project project, ProofClaims claims) {
		return issue(project, claims, RandomTokens.base64Url256(""), this.clock.instant());
	}

	/**
	 * A proof for {@code project} in the algorithm it chose: HS256 with its secret key,
	 * or ES256 with the current signing key. Both are deterministic (ES256 through
	 * {@link DeterministicEs256}), so the same arguments give the same bytes while the
	 * key is the same.
	 */
	public String issue(Project project, ProofClaims claims, String jti, Instant issuedAt) {
		if (!Project.PROOF_ALG_ES256.equals(project.getProofAlg())) {
			return issue(project.getSecretKey(), claims, jti, issuedAt);
		}
		ECKey key = this.signingKeys.current();
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("alg", "ES256");
		header.put("typ", "JWT");
		header.put("kid", key.getKeyID());
		String signingInput = BASE64URL.encodeToString(this.jsonMapper.writeValueAsBytes(header)) + "."
				+ payload(claims, jti, issuedAt);
		return signingInput + "." + BASE64URL
			.encodeToString(DeterministicEs256.sign(key, signingInput.getBytes(StandardCharsets.US_ASCII)));
	}

	public String issue(String secretKey, ProofClaims claims) {
		return issue(secretKey, claims, RandomTokens.base64Url256(""), this.clock.instant());
	}

	/**
	 * Signs a proof with the given id and issue time: the same arguments (and key) give
	 * the same bytes, which is how a delivered proof is handed out again inside its
	 * delivery grace window without being stored.
	 */
	public String issue(String secretKey, ProofClaims claims, String jti, Instant issuedAt) {
		String signingInput = HEADER + "." + payload(claims, jti, issuedAt);
		return signingInput + "." + BASE64URL.encodeToString(hmacSha256(secretKey, signingInput));
	}

	private String payload(ProofClaims claims, String jti, Instant issuedAt) {
		long iat = issuedAt.getEpochSecond();
		// Built by hand so that null username / phone stay explicit nulls (jjwt drops
		// null claims).
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("telegram_id", claims.telegramId());
		payload.put("telegram_name", claims.telegramName());
		payload.put("telegram_username", claims.telegramUsername());
		payload.put("telegram_phone", claims.telegramPhone());
		payload.put("project_id", claims.projectId());
		payload.put("session_token", claims.sessionToken());
		payload.put("confirmed_at", claims.confirmedAt().toEpochMilli());
		payload.put("iss", this.issuer);
		payload.put("aud", claims.projectId());
		payload.put("sub", claims.telegramId());
		payload.put("jti", jti);
		payload.put("iat", iat);
		payload.put("exp", iat + this.ttl.toSeconds());
		return BASE64URL.encodeToString(this.jsonMapper.writeValueAsBytes(payload));
	}

	private static byte[] hmacSha256(String secretKey, String signingInput) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key(secretKey));
			return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	static SecretKey key(String secretKey) {
		return new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	Instant now() {
		return this.clock.instant();
	}

}
