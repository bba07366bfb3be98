package dev.bondify.proof;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.UnsupportedJwtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.bondify.project.Project;
import dev.bondify.project.ProjectCache;
import dev.bondify.project.ProjectClient;
import dev.bondify.signing.SigningKeys;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * The server-side proof check: signature (HS256 with the caller's current secret key, or
 * ES256 with a published signing key named by its {@code kid}), issuer, audience and
 * expiry, then a one-time acceptance of its {@code jti}.
 */
@Service
public class ProofVerification {

	private static final Logger log = LoggerFactory.getLogger(ProofVerification.class);

	private static final Set<String> ALGORITHMS = Set.of("HS256", "ES256");

	private static final TypeReference<Map<String, Object>> CLAIMS = new TypeReference<>() {
	};

	private final ProjectCache projects;

	private final UsedProofRepository usedProofs;

	private final ProofProperties properties;

	private final Clock clock;

	private final JsonMapper jsonMapper;

	private final SigningKeys signingKeys;

	ProofVerification(ProjectCache projects, UsedProofRepository usedProofs, ProofProperties properties, Clock clock,
			JsonMapper jsonMapper, SigningKeys signingKeys) {
		this.projects = projects;
		this.usedProofs = usedProofs;
		this.properties = properties;
		this.clock = clock;
		this.jsonMapper = jsonMapper;
		this.signingKeys = signingKeys;
	}

	/**
	 * @return the proof's claims exactly as signed
	 * @throws ApiException {@code UNAUTHORIZED} for a wrong key or an invalid proof,
	 * {@code PROOF_ALREADY_USED} on replay
	 */
	@Transactional
	public Map<String, Object> verifyOnce(ProjectClient client, String proof) {
		return verifyOnce(projectOf(client), proof);
	}

	/**
	 * {@link #verifyOnce(ProjectClient, String)} for a flow of this service that acts as
	 * the backend of its own project (the demo).
	 */
	@Transactional
	public Map<String, Object> verifyOnceFor(String projectId, String proof) {
		return verifyOnce(
				this.projects.find(projectId)
					.orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED, "The secret key is not valid.")),
				proof);
	}

	private Map<String, Object> verifyOnce(Project project, String proof) {
		Jws<Claims> jws;
		try {
			jws = Jwts.parser()
				.keyLocator(header -> key(project, header))
				.requireIssuer(this.properties.issuer())
				.requireAudience(project.getId())
				.clock(() -> Date.from(this.clock.instant()))
				.build()
				.parseSignedClaims(proof);
		}
		catch (JwtException | IllegalArgumentException ex) {
			log.debug("Proof rejected for {}: {}", project.getId(), ex.getClass().getSimpleName());
			throw new ApiException(ErrorCode.UNAUTHORIZED, "The proof is invalid, expired or not for this project.");
		}
		String jti = jws.getPayload().getId();
		if (!ALGORITHMS.contains(jws.getHeader().getAlgorithm()) || jti == null || jti.isEmpty() || jti.length() > 64
				|| jws.getPayload().getExpiration() == null) {
			throw new ApiException(ErrorCode.UNAUTHORIZED, "The proof is invalid, expired or not for this project.");
		}
		Instant expiresAt = jws.getPayload().getExpiration().toInstant();
		if (this.usedProofs.record(jti, project.getId(), expiresAt) == 0) {
			throw new ApiException(ErrorCode.PROOF_ALREADY_USED);
		}
		return rawClaims(proof);
	}

	/**
	 * The key for the algorithm the proof names: the project's secret key for HS256, the
	 * published signing key with its {@code kid} for ES256 (a proof of any project passes
	 * the signature check, its audience is checked next); nothing else.
	 */
	private Key key(Project project, Header header) {
		String algorithm = (header instanceof JwsHeader jwsHeader) ? jwsHeader.getAlgorithm() : null;
		if ("HS256".equals(algorithm)) {
			return ProofIssuer.key(project.getSecretKey());
		}
		if ("ES256".equals(algorithm) && header instanceof JwsHeader jwsHeader && jwsHeader.getKeyId() != null) {
			Optional<ECKey> key = this.signingKeys.publishedKey(jwsHeader.getKeyId());
			if (key.isPresent()) {
				try {
					return key.get().toECPublicKey();
				}
				catch (JOSEException ex) {
					throw new UnsupportedJwtException("Unusable signing key", ex);
				}
			}
		}
		throw new UnsupportedJwtException("No key for this proof");
	}

	/**
	 * The project whose secret key the door checked; without one (never on this route,
	 * whose chain refuses a missing key) or for a project deleted since, the same 401.
	 */
	private Project projectOf(ProjectClient client) {
		if (client == null || !client.isSecretKey()) {
			throw new ApiException(ErrorCode.UNAUTHORIZED,
					"A project secret key is required: Authorization: Bearer sk_….");
		}
		return this.projects.find(client.projectId())
			.orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED, "The secret key is not valid."));
	}

	private Map<String, Object> rawClaims(String proof) {
		String payload = proof.substring(proof.indexOf('.') + 1, proof.lastIndexOf('.'));
		return this.jsonMapper.readValue(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8),
				CLAIMS);
	}

	@Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
	@Transactional
	public void forgetExpired() {
		this.usedProofs.deleteExpired(this.clock.instant());
	}

}
