package dev.bondify.proof;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.session.TestSessions;
import dev.bondify.session.SessionService;
import dev.bondify.session.TelegramIdentity;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/proof/verify}: only a genuine, unexpired, unreplayed HS256 proof of
 * the caller's project passes.
 */
class ProofVerifyIntegrationTest extends IntegrationTest {

	@Autowired
	SessionService sessionService;

	private Project project;

	private String proof;

	@BeforeEach
	void issueProof() {
		this.clock.set(Instant.parse("2026-11-21T09:00:00Z"));
		this.project = this.projects.live(p -> p.setReqPhone(true));
		String token = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + this.project.getId() + "\"}")
			.field("session_token");
		TestSessions.confirm(this.sessionService, this.jdbc, token,
				new TelegramIdentity(77L, "Proof User", null, "+15550001111"));
		this.proof = this.api
			.post("/api/v1/verify/public",
					"{\"project_id\":\"" + this.project.getId() + "\",\"session_token\":\"" + token + "\"}")
			.field("proof");
	}

	@Test
	void genuineProofIsAcceptedWithItsClaims() {
		Response response = check(this.proof, this.project.getSecretKey());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("claims").get("telegram_phone").asString()).isEqualTo("+15550001111");
		assertThat(response.json().get("claims").get("telegram_username").isNull()).isTrue();
		assertThat(response.json().get("claims").get("iat").asLong())
			.isEqualTo(Instant.parse("2026-11-21T09:00:00Z").getEpochSecond());
	}

	@Test
	void proofOfAnotherProjectIsUnauthorized() {
		Project other = this.projects.live();
		assertUnauthorized(check(this.proof, other.getSecretKey()));
		assertThat(check(this.proof, this.project.getSecretKey()).status()).as("still usable by its owner")
			.isEqualTo(200);
	}

	@Test
	void missingOrWrongKeyIsUnauthorized() {
		assertUnauthorized(this.api.post("/api/v1/proof/verify", "{\"proof\":\"" + this.proof + "\"}"));
		assertUnauthorized(check(this.proof, "sk_live_wrong"));
	}

	@Test
	void tamperedProofIsUnauthorized() {
		String[] parts = this.proof.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"77\"",
				"\"78\"");
		String tampered = parts[0] + "." + b64(payload) + "." + parts[2];
		assertUnauthorized(check(tampered, this.project.getSecretKey()));
		assertUnauthorized(check("not-a-jwt", this.project.getSecretKey()));
	}

	@Test
	void expiredProofIsUnauthorized() {
		this.clock.set(Instant.parse("2026-11-21T09:00:00Z").plus(Duration.ofMinutes(5)).plusSeconds(1));
		assertUnauthorized(check(this.proof, this.project.getSecretKey()));
	}

	@Test
	void proofsWithAnotherAlgorithmAreUnauthorized() throws Exception {
		String payload = this.proof.split("\\.")[1];
		String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".";
		assertUnauthorized(check(none, this.project.getSecretKey()));

		String header = b64("{\"alg\":\"HS384\",\"typ\":\"JWT\"}");
		Mac mac = Mac.getInstance("HmacSHA384");
		mac.init(new SecretKeySpec(this.project.getSecretKey().getBytes(StandardCharsets.UTF_8), "HmacSHA384"));
		String signature = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
		assertUnauthorized(check(header + "." + payload + "." + signature, this.project.getSecretKey()));
	}

	@Test
	void proofSignedBeforeAKeyRotationIsRefusedAfterIt() {
		this.project.rotateSecretKey();
		this.projectRepository.saveAndFlush(this.project);
		assertUnauthorized(check(this.proof, this.project.getSecretKey()));
	}

	@Test
	void anotherProjectCannotUseUpAGenuineProofsJti() throws Exception {
		Project attacker = this.projects.live();
		String victimJti = claim(this.proof, "jti");
		String forged = sign(attacker.getSecretKey(),
				"{\"iss\":\"bondify\",\"aud\":\"" + attacker.getId() + "\",\"jti\":\"" + victimJti + "\",\"exp\":"
						+ (Instant.parse("2026-11-21T09:04:00Z").getEpochSecond()) + "}");
		assertThat(check(forged, attacker.getSecretKey()).status()).as("valid for its own project").isEqualTo(200);

		assertThat(check(this.proof, this.project.getSecretKey()).status()).isEqualTo(200);
	}

	@Test
	void overlongJtiIsUnauthorizedNotAnError() throws Exception {
		String forged = sign(this.project.getSecretKey(),
				"{\"iss\":\"bondify\",\"aud\":\"" + this.project.getId() + "\",\"jti\":\"" + "j".repeat(65)
						+ "\",\"exp\":" + Instant.parse("2026-11-21T09:04:00Z").getEpochSecond() + "}");
		assertUnauthorized(check(forged, this.project.getSecretKey()));
	}

	@Test
	void missingProofFieldIsInvalidRequest() {
		Response response = this.api.post("/api/v1/proof/verify", "{}", "Authorization",
				"Bearer " + this.project.getSecretKey());
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.code()).isEqualTo("INVALID_REQUEST");
	}

	private Response check(String proof, String key) {
		return this.api.post("/api/v1/proof/verify", "{\"proof\":\"" + proof + "\"}", "Authorization", "Bearer " + key);
	}

	private void assertUnauthorized(Response response) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.code()).isEqualTo("UNAUTHORIZED");
	}

	private static String claim(String jws, String name) {
		String payload = new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8);
		java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]+)\"")
			.matcher(payload);
		assertThat(matcher.find()).isTrue();
		return matcher.group(1);
	}

	/**
	 * HS256 written from the spec with the JDK's HMAC, independent of the code under
	 * test.
	 */
	private static String sign(String key, String payloadJson) throws Exception {
		String input = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(payloadJson);
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return input + "."
				+ Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
	}

	private static String b64(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
