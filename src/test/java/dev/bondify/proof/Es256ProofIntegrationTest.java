package dev.bondify.proof;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.session.SessionService;
import dev.bondify.session.TelegramIdentity;
import dev.bondify.session.TestSessions;
import dev.bondify.signing.SigningKeys;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.system.ChangeNotifications;
import dev.bondify.system.RandomTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proofs of a project with {@code proof_alg} ES256: signed with the shared signing key,
 * verifiable with nothing but the published JWKS, checked once by
 * {@code POST /api/v1/proof/verify}, and still valid across a key rotation until the old
 * key drops out.
 */
class Es256ProofIntegrationTest extends IntegrationTest {

	private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

	@Autowired
	SessionService sessionService;

	@Autowired
	SigningKeys signingKeys;

	@Autowired
	ChangeNotifications notifications;

	private Project project;

	@BeforeEach
	void es256Project() {
		this.jdbc.update("delete from signing_keys");
		this.notifications.changedHere("k");
		this.clock.set(T0);
		this.project = this.projects.live(p -> p.setProofAlg(Project.PROOF_ALG_ES256));
	}

	@Test
	void proofCarriesTheKidAndVerifiesWithOnlyThePublishedJwksJson() throws Exception {
		String proof = proof(this.project, 77L);
		ECKey current = this.signingKeys.current();
		assertThat(part(proof, 0))
			.isEqualTo("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + current.getKeyID() + "\"}");

		// What a relying party has: the JWKS document, no secret key.
		JWKSet jwks = JWKSet.parse(this.signingKeys.publishedKeys().toString());
		SignedJWT jwt = SignedJWT.parse(proof);
		ECKey published = (ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
		assertThat(published.isPrivate()).isFalse();
		assertThat(jwt.verify(new ECDSAVerifier(published))).isTrue();
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		assertThat(claims.getStringClaim("telegram_id")).isEqualTo("77");
		assertThat(claims.getAudience()).containsExactly(this.project.getId());
		assertThat(claims.getIssuer()).isEqualTo("bondify");
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
		assertThat(claims.getClaims()).containsKeys("telegram_name", "telegram_username", "telegram_phone",
				"project_id", "session_token", "confirmed_at", "sub", "jti", "iat");
	}

	@Test
	void serverSideCheckAcceptsItOnceForItsOwnProjectOnly() {
		String proof = proof(this.project, 78L);
		Project other = this.projects.live(p -> p.setProofAlg(Project.PROOF_ALG_ES256));
		assertUnauthorized(check(proof, other.getSecretKey()));
		Response accepted = check(proof, this.project.getSecretKey());
		assertThat(accepted.status()).isEqualTo(200);
		assertThat(accepted.json().get("claims").get("telegram_id").asString()).isEqualTo("78");
		Response replay = check(proof, this.project.getSecretKey());
		assertThat(replay.status()).isEqualTo(409);
		assertThat(replay.code()).isEqualTo("PROOF_ALREADY_USED");
	}

	@Test
	void tamperedUnknownKidOrUnpublishedKeyProofsAreUnauthorized() throws Exception {
		String proof = proof(this.project, 79L);
		String[] parts = proof.split("\\.");
		String tampered = parts[0] + "." + b64(part(proof, 1).replace("\"79\"", "\"80\"")) + "." + parts[2];
		assertUnauthorized(check(tampered, this.project.getSecretKey()));

		String unknownKid = b64(part(proof, 0).replace(this.signingKeys.current().getKeyID(), "unknown")) + "."
				+ parts[1] + "." + parts[2];
		assertUnauthorized(check(unknownKid, this.project.getSecretKey()));

		// Well formed and fresh, but signed by a key this service never published.
		ECKey stranger = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
			.keyID(this.signingKeys.current().getKeyID())
			.generate();
		assertUnauthorized(check(forge(stranger, this.project), this.project.getSecretKey()));
		assertThat(check(proof, this.project.getSecretKey()).status()).as("the genuine one still passes")
			.isEqualTo(200);
	}

	@Test
	void pollsInsideTheGraceWindowGetTheIdenticalEs256Proof() {
		String token = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + this.project.getId() + "\"}")
			.field("session_token");
		TestSessions.confirm(this.sessionService, this.jdbc, token,
				new TelegramIdentity(81L, "Grace User", null, null));
		String body = "{\"project_id\":\"" + this.project.getId() + "\",\"session_token\":\"" + token + "\"}";
		String first = this.api.post("/api/v1/verify/public", body).body();
		this.clock.advance(Duration.ofSeconds(3));
		String second = this.api.post("/api/v1/verify/public", body).body();
		assertThat(first).contains("\"proof\":\"");
		assertThat(second).isEqualTo(first);
	}

	@Test
	void acrossARotationOldProofsVerifyWhileTheirKeyIsPublishedAndNewOnesCarryTheNewKid() throws Exception {
		ECKey old = this.signingKeys.current();
		String before = proof(this.project, 82L);
		String fresh = this.signingKeys.rotate(false).orElseThrow().kid();
		assertThat(kid(proof(this.project, 83L))).as("the new key does not sign yet").isEqualTo(old.getKeyID());

		this.clock.advance(Duration.ofMinutes(1));
		assertThat(kid(proof(this.project, 84L))).isEqualTo(fresh);
		assertThat(check(before, this.project.getSecretKey()).status()).as("old key still published").isEqualTo(200);
		assertThat(check(forge(old, this.project), this.project.getSecretKey()).status())
			.as("anything fresh the old key signed is valid while it is published")
			.isEqualTo(200);

		this.clock.advance(Duration.ofHours(1));
		assertThat(this.signingKeys.publishedKey(old.getKeyID())).isEmpty();
		assertUnauthorized(check(forge(old, this.project), this.project.getSecretKey()));
	}

	@Test
	void hs256ProjectsKeepTheirHeaderByteForByte() {
		Project hs256 = this.projects.live();
		assertThat(hs256.getProofAlg()).isEqualTo("HS256");
		assertThat(proof(hs256, 85L).split("\\.")[0]).isEqualTo("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
	}

	private String proof(Project target, long telegramId) {
		String token = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + target.getId() + "\"}")
			.field("session_token");
		TestSessions.confirm(this.sessionService, this.jdbc, token,
				new TelegramIdentity(telegramId, "Proof User", null, null));
		return this.api
			.post("/api/v1/verify/public",
					"{\"project_id\":\"" + target.getId() + "\",\"session_token\":\"" + token + "\"}")
			.field("proof");
	}

	/**
	 * A proof signed from the spec with Nimbus and {@code key}, fresh at the clock's now.
	 */
	private String forge(ECKey key, Project target) throws Exception {
		Instant now = this.clock.instant();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer("bondify")
					.audience(target.getId())
					.subject("99")
					.jwtID(RandomTokens.base64Url256(""))
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
					.build());
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

	private static String kid(String jws) throws Exception {
		return SignedJWT.parse(jws).getHeader().getKeyID();
	}

	private Response check(String proof, String key) {
		return this.api.post("/api/v1/proof/verify", "{\"proof\":\"" + proof + "\"}", "Authorization", "Bearer " + key);
	}

	private static void assertUnauthorized(Response response) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.code()).isEqualTo("UNAUTHORIZED");
	}

	private static String part(String jws, int index) {
		return new String(Base64.getUrlDecoder().decode(jws.split("\\.")[index]), StandardCharsets.UTF_8);
	}

	private static String b64(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
