package dev.bondify.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public sign-in flow end to end over HTTP, on a real PostgreSQL.
 */
class SessionFlowIntegrationTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	SessionService sessionService;

	@Test
	void generateThenConfirmThenVerifyDeliversTheProofExactlyOnce() throws Exception {
		Project project = this.projects.live();
		long before = this.clock.millis();

		Response generated = generate(project.getId());
		assertThat(generated.status()).isEqualTo(200);
		String token = generated.field("session_token");
		assertThat(token).matches("sess_[A-Za-z0-9_-]{43}");
		// The deeplink carries the link code, never the session token (the poll secret).
		assertThat(generated.field("deeplink")).matches("https://t\\.me/bondify_test_bot\\?start=[A-Za-z0-9_-]{22}")
			.doesNotContain(token.substring(5));
		assertThat(generated.json().get("expires_at").isIntegralNumber()).isTrue();
		assertThat(generated.json().get("expires_at").asLong()).isBetween(before + Duration.ofMinutes(10).toMillis(),
				this.clock.millis() + Duration.ofMinutes(10).toMillis());

		Response pending = verify(project.getId(), token);
		assertThat(pending.status()).isEqualTo(200);
		assertThat(pending.body()).isEqualTo("{\"status\":\"pending\"}");

		TransitionResult confirmed = TestSessions.confirm(this.sessionService, this.jdbc, token,
				new TelegramIdentity(123456789L, "Alex Johnson", "alexj", null));
		assertThat(confirmed.done()).isTrue();

		Response delivered = verify(project.getId(), token);
		assertThat(delivered.status()).isEqualTo(200);
		JsonNode body = delivered.json();
		assertThat(fieldNames(body)).containsExactly("status", "telegram_id", "telegram_name", "telegram_username",
				"telegram_phone", "confirmed_at", "proof");
		assertThat(body.get("status").asString()).isEqualTo("confirmed");
		assertThat(body.get("telegram_id").isString()).isTrue();
		assertThat(body.get("telegram_id").asString()).isEqualTo("123456789");
		assertThat(body.get("telegram_name").asString()).isEqualTo("Alex Johnson");
		assertThat(body.get("telegram_username").asString()).isEqualTo("alexj");
		assertThat(body.get("telegram_phone").isNull()).isTrue();
		assertThat(body.get("confirmed_at").isIntegralNumber()).isTrue();

		String proof = body.get("proof").asString();
		Map<String, Object> claims = verifyHs256(proof, project.getSecretKey());
		assertThat(claims).containsEntry("telegram_id", "123456789")
			.containsEntry("telegram_name", "Alex Johnson")
			.containsEntry("telegram_username", "alexj")
			.containsEntry("telegram_phone", null)
			.containsEntry("project_id", project.getId())
			.containsEntry("session_token", token)
			.containsEntry("iss", "bondify")
			.containsEntry("aud", project.getId())
			.containsEntry("sub", "123456789");
		assertThat(((Number) claims.get("confirmed_at")).longValue()).isEqualTo(body.get("confirmed_at").asLong());
		assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue()).isEqualTo(300);
		assertThat((String) claims.get("jti")).isNotBlank();

		assertThat(verify(project.getId(), token).body()).isEqualTo(delivered.body());
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(verify(project.getId(), token).body()).isEqualTo("{\"status\":\"used\"}");

		Response accepted = this.api.post("/api/v1/proof/verify", "{\"proof\":\"" + proof + "\"}", "Authorization",
				"Bearer " + project.getSecretKey());
		assertThat(accepted.status()).isEqualTo(200);
		assertThat(accepted.json().get("valid").asBoolean()).isTrue();
		assertThat(accepted.json().get("claims").get("session_token").asString()).isEqualTo(token);
		assertThat(accepted.json().get("claims").get("telegram_phone").isNull()).isTrue();

		Response replay = this.api.post("/api/v1/proof/verify", "{\"proof\":\"" + proof + "\"}", "Authorization",
				"Bearer " + project.getSecretKey());
		assertThat(replay.status()).isEqualTo(409);
		assertThat(replay.code()).isEqualTo("PROOF_ALREADY_USED");
	}

	@Test
	void twentyConcurrentVerifiesAfterConfirmationAllReceiveTheOneProof() throws Exception {
		Project project = this.projects.live();
		String token = generate(project.getId()).field("session_token");
		TestSessions.confirm(this.sessionService, this.jdbc, token,
				new TelegramIdentity(42L, "Concurrent User", null, null));

		ExecutorService pool = Executors.newFixedThreadPool(20);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Response>> futures = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			Callable<Response> call = () -> {
				start.await();
				return verify(project.getId(), token);
			};
			futures.add(pool.submit(call));
		}
		start.countDown();
		List<String> bodies = new ArrayList<>();
		for (Future<Response> future : futures) {
			Response response = future.get();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.field("status")).isEqualTo("confirmed");
			bodies.add(response.body());
		}
		pool.shutdown();
		// Inside the delivery grace window every overlapping poll gets the same proof.
		assertThat(bodies).containsOnly(bodies.get(0));
	}

	@Test
	void clientsAcceptingSomethingElseThanJsonStillGetJsonAndTheirProof() {
		Project project = this.projects.live();
		Response generated = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + project.getId() + "\"}",
				"Accept", "text/html");
		assertThat(generated.status()).isEqualTo(200);
		assertThat(generated.header("Content-Type")).startsWith("application/json");
		String token = generated.field("session_token");
		TestSessions.confirm(this.sessionService, this.jdbc, token, new TelegramIdentity(9L, "Plain Text", null, null));

		Response delivered = this.api.post("/api/v1/verify/public",
				"{\"project_id\":\"" + project.getId() + "\",\"session_token\":\"" + token + "\"}", "Accept",
				"text/plain");

		assertThat(delivered.status()).isEqualTo(200);
		assertThat(delivered.field("status")).isEqualTo("confirmed");
		assertThat(delivered.field("proof")).isNotBlank();
	}

	private Response generate(String projectId) {
		return this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + projectId + "\"}");
	}

	private Response verify(String projectId, String token) {
		return this.api.post("/api/v1/verify/public",
				"{\"project_id\":\"" + projectId + "\",\"session_token\":\"" + token + "\"}");
	}

	private static List<String> fieldNames(JsonNode node) {
		return new ArrayList<>(node.propertyNames());
	}

	/** An HS256 check written from the JWS spec, independent of the signing code. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> verifyHs256(String jws, String secretKey) throws Exception {
		String[] parts = jws.split("\\.");
		assertThat(parts).hasSize(3);
		Map<String, Object> header = JSON.readValue(Base64.getUrlDecoder().decode(parts[0]), Map.class);
		assertThat(header).containsEntry("alg", "HS256").containsEntry("typ", "JWT");
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
		assertThat(MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))).isTrue();
		return JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
	}

}
