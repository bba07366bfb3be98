package dev.bondify.project;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project-client door over HTTP, on the routes it took over: the exchange's origin
 * rule and keys, the proof check's keys, and the messages of each refusal.
 */
class ProjectClientDoorIntegrationTest extends IntegrationTest {

	@Test
	void anExchangeWithAnOriginThatIsNotAnOriginIsRefusedOnBothRoutesAndRecordsNothing() {
		Project project = this.projects.live();
		long sessions = count("auth_sessions");
		String body = "{\"project_id\":\"" + project.getId() + "\",\"type\":\"webapp\",\"data\":\"x\"}";
		String origin = "Telegram (official, verified) - tap Confirm";

		Response pub = this.api.post("/api/v1/exchange/public", body, "Origin", origin);
		Response server = this.api.post("/api/v1/exchange", body, "Origin", origin, "Authorization",
				"Bearer " + project.getSecretKey());

		for (Response response : List.of(pub, server)) {
			assertThat(response.status()).as(response.body()).isEqualTo(400);
			assertThat(response.code()).isEqualTo("INVALID_REQUEST");
			assertThat(response.field("error")).contains("Origin");
		}
		assertThat(count("auth_sessions")).isEqualTo(sessions);
	}

	@Test
	void secretKeyRoutesAnswerEachRefusalWithItsSentence() {
		Project project = this.projects.live();
		Project other = this.projects.live();
		String exchange = "{\"project_id\":\"" + project.getId() + "\",\"type\":\"webapp\",\"data\":\"x\"}";

		assertRefused(this.api.post("/api/v1/exchange", exchange), ProjectClientAuthenticationProvider.KEY_REQUIRED);
		assertRefused(this.api.post("/api/v1/exchange", exchange, "Authorization", "Bearer " + other.getSecretKey()),
				ProjectClientAuthenticationProvider.KEY_NOT_VALID_FOR_PROJECT);
		assertRefused(this.api.post("/api/v1/proof/verify", "{\"proof\":\"a.b.c\"}"),
				ProjectClientAuthenticationProvider.KEY_REQUIRED);
		assertRefused(this.api.post("/api/v1/proof/verify", "{\"proof\":\"a.b.c\"}", "Authorization",
				"Bearer " + project.getSecretKey() + "x"), ProjectClientAuthenticationProvider.KEY_NOT_VALID);
	}

	@Test
	void aBodyWithoutAProjectIsStillTheBodys400WhateverTheKey() {
		Response response = this.api.post("/api/v1/generate", "{\"project\":\"x\"}", "Authorization",
				"Bearer sk_live_wrong");
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.code()).isEqualTo("INVALID_REQUEST");
	}

	@ParameterizedTest
	@ValueSource(strings = { "proj_\\u0000", "proj_\\u0085x", "proj_\\ud800", "" })
	void aProjectIdNoProjectCouldHaveIsTheBodys400NotAServerError(String escaped) {
		// A NUL byte reached PostgreSQL from the door's own lookup and came back as 500.
		String body = "{\"project_id\":\"" + escaped + "\"}";
		for (String path : new String[] { "/api/v1/generate", "/api/v1/verify", "/api/v1/exchange" }) {
			Response response = this.api.post(path, body, "Authorization", "Bearer sk_live_wrong");
			assertThat(response.status()).as(path + " " + response.body()).isEqualTo(400);
			assertThat(response.code()).isEqualTo("INVALID_REQUEST");
		}
		Response tooLong = this.api.post("/api/v1/generate", "{\"project_id\":\"" + "p".repeat(65) + "\"}",
				"Authorization", "Bearer sk_live_wrong");
		assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(400);
	}

	@Test
	void thePublicRoutesIgnoreAnAuthorizationHeader() {
		Project project = this.projects.sandbox();
		Response response = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + project.getId() + "\"}",
				"Authorization", "Bearer sk_test_not_this_projects");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	private static void assertRefused(Response response, String sentence) {
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.code()).isEqualTo("UNAUTHORIZED");
		assertThat(response.field("error")).isEqualTo(sentence);
	}

}
