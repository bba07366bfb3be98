package dev.bondify.operations;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;

import dev.bondify.project.Project;
import dev.bondify.session.TestSessions;
import dev.bondify.session.SessionService;
import dev.bondify.session.TelegramIdentity;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.ApiClient;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.QuietOutput;
import dev.bondify.support.RequestLogLevel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One log line per request with its id, and no credential of any kind in the logs.
 */
@ExtendWith(QuietOutput.class)
class RequestLogIntegrationTest extends IntegrationTest {

	@BeforeEach
	void requestLogOn() {
		RequestLogLevel.on();
	}

	@AfterEach
	void requestLogOff() {
		RequestLogLevel.off();
	}

	@Autowired
	SessionService sessionService;

	@Test
	void aFullSignInFlowLogsEveryRequestButNoTokenKeyProofOrAuthorization(CapturedOutput output) {
		Project project = this.projects.live();
		String ip = "203.0.113.77";

		Response generated = this.api.post("/api/v1/generate", ApiClient.json(Map.of("project_id", project.getId())),
				"Authorization", "Bearer " + project.getSecretKey(), "X-Forwarded-For", ip, "X-Request-Id",
				"flow-generate-1");
		assertThat(generated.status()).isEqualTo(200);
		String token = generated.field("session_token");
		TestSessions.confirm(this.sessionService, this.jdbc, token,
				new TelegramIdentity(987654321L, "Alex Johnson", "alexj", null));
		Response verified = this.api.post("/api/v1/verify/public",
				ApiClient.json(Map.of("project_id", project.getId(), "session_token", token)), "X-Forwarded-For", ip);
		String proof = verified.field("proof");
		assertThat(proof).isNotBlank();
		Response checked = this.api.post("/api/v1/proof/verify", ApiClient.json(Map.of("proof", proof)),
				"Authorization", "Bearer " + project.getSecretKey());
		assertThat(checked.status()).isEqualTo(200);
		Response replayed = this.api.post("/api/v1/proof/verify", ApiClient.json(Map.of("proof", proof)),
				"Authorization", "Bearer " + project.getSecretKey());
		assertThat(replayed.status()).isEqualTo(409);
		// A token in a query string (the sandbox page's link) and a wrong key in a header
		// must not leak either.
		this.api.get("/sandbox/telegram?start=" + token);
		this.api.post("/api/v1/generate", ApiClient.json(Map.of("project_id", project.getId())), "Authorization",
				"Bearer sk_live_wrongwrongwrongwrongwrongwrongwrongwrongwro", "X-Forwarded-For", ip);

		awaitLog(output, "POST /api/v1/generate 401");
		String logs = output.getAll();
		assertThat(logs).contains("POST /api/v1/generate 200", "request_id=flow-generate-1")
			.contains("POST /api/v1/verify/public 200")
			.contains("POST /api/v1/proof/verify 200")
			.contains("POST /api/v1/proof/verify 409")
			.contains("GET /sandbox/telegram ")
			.contains("POST /api/v1/generate 401");
		assertThat(logs).doesNotContain(token)
			.doesNotContain(token.substring(5))
			.doesNotContain(project.getSecretKey())
			.doesNotContain(project.getSecretKey().substring(8))
			.doesNotContain(proof)
			.doesNotContain(proof.substring(0, proof.indexOf('.')) + "." + proof.split("\\.")[1])
			.doesNotContain("wrongwrongwrong")
			.doesNotContain("Bearer");
	}

	@Test
	void aSaneRequestIdIsEchoedAndLogged(CapturedOutput output) {
		Response response = this.api.get("/actuator/health/liveness", "X-Request-Id", "abc-123_XYZ.7");

		assertThat(response.header("X-Request-Id")).isEqualTo("abc-123_XYZ.7");
		awaitLog(output, "request_id=abc-123_XYZ.7");
		assertThat(output.getAll()).contains("GET /actuator/health/liveness 200 ");
	}

	@Test
	void aMissingRequestIdIsGenerated() {
		Response first = this.api.get("/actuator/health/liveness");
		Response second = this.api.get("/actuator/health/liveness");

		assertThat(first.header("X-Request-Id")).matches("[0-9a-f-]{36}");
		assertThat(second.header("X-Request-Id")).isNotEqualTo(first.header("X-Request-Id"));
	}

	@Test
	void anInsaneRequestIdIsReplacedNotEchoed(CapturedOutput output) {
		String hostile = "x".repeat(65);
		Response tooLong = this.api.get("/actuator/health/liveness", "X-Request-Id", hostile);
		Response badChars = this.api.get("/actuator/health/liveness", "X-Request-Id", "a b<script>");

		assertThat(tooLong.header("X-Request-Id")).matches("[0-9a-f-]{36}");
		assertThat(badChars.header("X-Request-Id")).matches("[0-9a-f-]{36}");
		awaitLog(output, "request_id=" + badChars.header("X-Request-Id"));
		assertThat(output.getAll()).doesNotContain(hostile).doesNotContain("<script>");
	}

	@Test
	void errorsAnsweredByFiltersAreLoggedToo(CapturedOutput output) {
		Response response = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + "p".repeat(20_000) + "\"}",
				"X-Request-Id", "too-large-1");

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.header("X-Request-Id")).isEqualTo("too-large-1");
		awaitLog(output, "request_id=too-large-1");
		assertThat(output.getAll()).contains("POST /api/v1/generate/public 413 ");
	}

	/**
	 * The line is written once the filter chain returns, which can be just after a
	 * response the error writer flushed itself reached the client: wait for it with a
	 * deadline.
	 */
	private static void awaitLog(CapturedOutput output, String text) {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!output.getAll().contains(text) && System.nanoTime() < deadline) {
			LockSupport.parkNanos(5_000_000);
		}
		assertThat(output.getAll()).contains(text);
	}

}
