package dev.bondify.developer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.session.TestSessions;
import dev.bondify.session.SessionService;
import dev.bondify.session.TelegramIdentity;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDevelopers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole developer API walk over HTTP: account, project life cycle, key rotation and
 * deletion.
 */
class DeveloperApiWalkIntegrationTest extends IntegrationTest {

	private static final String ISO = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

	@Autowired
	SessionService sessionService;

	@Test
	void registerLoginMeCreateListPatchRegenerateDelete() throws Exception {
		String email = TestDevelopers.uniqueEmail();
		Response registered = this.api.post("/api/v1/dev/register",
				"{\"email\":\"" + email + "\",\"password\":\"" + TestDevelopers.PASSWORD + "\"}");
		assertThat(registered.status()).isEqualTo(200);
		assertThat(fieldNames(registered.json())).containsExactly("token", "expires_at", "developer");
		assertThat(registered.field("expires_at")).matches(ISO);
		JsonNode developer = registered.json().get("developer");
		assertThat(fieldNames(developer)).containsExactly("id", "email", "created_at");
		assertThat(developer.get("id").asString()).matches("dev_[a-z0-9]{24}");
		assertThat(developer.get("email").asString()).isEqualTo(email);
		assertThat(developer.get("created_at").asString()).matches(ISO);

		Response login = this.api.post("/api/v1/dev/login",
				"{\"email\":\"" + email.toUpperCase() + "\",\"password\":\"" + TestDevelopers.PASSWORD + "\"}",
				"X-Forwarded-For", TestDevelopers.randomIp());
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.json().get("developer")).isEqualTo(developer);
		String[] auth = { "Authorization", "Bearer " + login.field("token") };

		Response me = this.api.get("/api/v1/dev/me", auth);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("id")).isEqualTo(developer.get("id"));
		assertThat(me.json().get("email")).isEqualTo(developer.get("email"));
		assertThat(me.json().get("created_at")).isEqualTo(developer.get("created_at"));

		Response created = this.api.post("/api/v1/dev/projects", "{\"name\":\"  My App  \"}", auth);
		assertThat(created.status()).isEqualTo(200);
		JsonNode project = created.json();
		assertThat(fieldNames(project)).containsExactly("id", "name", "secret_key", "webhook_url", "is_active",
				"public_access", "req_phone", "sandbox", "allowed_origins", "created_at", "sessions_count",
				"confirmed_count", "project_id", "active", "secret_preview", "bot_username", "bot_status",
				"redirect_uris", "oidc_public", "proof_alg");
		String id = project.get("id").asString();
		String key = project.get("secret_key").asString();
		assertThat(id).matches("proj_[a-z0-9]{8,}");
		assertThat(key).matches("sk_live_[A-Za-z0-9_-]{43}");
		assertThat(project.get("name").asString()).isEqualTo("My App");
		assertThat(project.get("webhook_url").asString()).isEmpty();
		assertThat(project.get("is_active").asBoolean()).isTrue();
		assertThat(project.get("public_access").asBoolean()).isTrue();
		assertThat(project.get("req_phone").asBoolean()).isFalse();
		assertThat(project.get("sandbox").asBoolean()).isFalse();
		assertThat(project.get("allowed_origins").isArray()).isTrue();
		assertThat(project.get("allowed_origins")).isEmpty();
		assertThat(project.get("created_at").asString()).matches(ISO);
		assertThat(project.get("sessions_count").isIntegralNumber()).isTrue();
		assertThat(project.get("sessions_count").asLong()).isZero();

		String masked = key.substring(0, 12) + "••••••••";
		Response list = this.api.get("/api/v1/dev/projects", auth);
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json().get("projects")).hasSize(1);
		assertThat(list.json().get("projects").get(0).get("secret_key").asString()).isEqualTo(masked);
		assertThat(list.body()).doesNotContain(key);
		assertThat(this.api.get("/api/v1/dev/projects/" + id, auth).field("secret_key")).isEqualTo(masked);

		// A session, confirmed and delivered, shows in the counts and leaves a proof
		// signed with the current key.
		String token = this.api
			.post("/api/v1/generate", "{\"project_id\":\"" + id + "\"}", "Authorization", "Bearer " + key)
			.field("session_token");
		TestSessions.confirm(this.sessionService, this.jdbc, token,
				new TelegramIdentity(77L, "Walk User", "walk", null));
		String proof = this.api
			.post("/api/v1/verify", "{\"project_id\":\"" + id + "\",\"session_token\":\"" + token + "\"}",
					"Authorization", "Bearer " + key)
			.field("proof");
		assertThat(proof).isNotNull();
		this.api.post("/api/v1/generate", "{\"project_id\":\"" + id + "\"}", "Authorization", "Bearer " + key);
		JsonNode counted = this.api.get("/api/v1/dev/projects/" + id, auth).json();
		assertThat(counted.get("sessions_count").asLong()).isEqualTo(2);
		assertThat(counted.get("confirmed_count").asLong()).isEqualTo(1);

		assertThat(patch(id, "{\"name\":\"Renamed\"}", auth).get("name").asString()).isEqualTo("Renamed");
		assertThat(patch(id, "{\"webhook_url\":\"https://hooks.example.com/bondify\"}", auth).get("webhook_url")
			.asString()).isEqualTo("https://hooks.example.com/bondify");
		assertThat(patch(id, "{\"name\":\"Renamed again\"}", auth).get("webhook_url").asString())
			.as("absent webhook_url is left alone")
			.isEqualTo("https://hooks.example.com/bondify");
		assertThat(patch(id, "{\"webhook_url\":null}", auth).get("webhook_url").asString()).isEmpty();
		patch(id, "{\"webhook_url\":\"https://hooks.example.com/x\"}", auth);
		assertThat(patch(id, "{\"webhook_url\":\"\"}", auth).get("webhook_url").asString()).isEmpty();
		assertThat(patch(id, "{\"public_access\":false}", auth).get("public_access").asBoolean()).isFalse();
		assertThat(patch(id, "{\"req_phone\":true}", auth).get("req_phone").asBoolean()).isTrue();
		assertThat(patch(id, "{\"is_active\":false}", auth).get("is_active").asBoolean()).isFalse();
		assertThat(patch(id, "{\"sandbox\":false}", auth).get("sandbox").asBoolean()).isFalse();
		JsonNode origins = patch(id, "{\"allowed_origins\":[\"HTTPS://App.Example.com\",\"http://localhost:3000\"]}",
				auth)
			.get("allowed_origins");
		assertThat(origins.get(0).asString()).isEqualTo("https://app.example.com");
		assertThat(origins.get(1).asString()).isEqualTo("http://localhost:3000");
		JsonNode patched = patch(id, "{\"is_active\":true,\"public_access\":true,\"req_phone\":false}", auth);
		assertThat(patched.get("name").asString()).isEqualTo("Renamed again");
		assertThat(patched.get("secret_key").asString()).isEqualTo(masked);
		assertThat(this.projectRepository.findById(id).orElseThrow().getAllowedOrigins())
			.containsExactly("https://app.example.com", "http://localhost:3000");

		Response regenerated = this.api.post("/api/v1/dev/projects/" + id + "/regenerate", "", auth);
		assertThat(regenerated.status()).isEqualTo(200);
		String newKey = regenerated.field("secret_key");
		assertThat(newKey).matches("sk_live_[A-Za-z0-9_-]{43}").isNotEqualTo(key);
		assertThat(regenerated.field("name")).isEqualTo("Renamed again");
		assertThat(this.api.get("/api/v1/dev/projects/" + id, auth).field("secret_key"))
			.isEqualTo(newKey.substring(0, 12) + "••••••••");

		Response oldKeyProof = this.api.post("/api/v1/proof/verify", "{\"proof\":\"" + proof + "\"}", "Authorization",
				"Bearer " + key);
		assertThat(oldKeyProof.status()).isEqualTo(401);
		assertThat(oldKeyProof.code()).isEqualTo("UNAUTHORIZED");
		Response oldProofNewKey = this.api.post("/api/v1/proof/verify", "{\"proof\":\"" + proof + "\"}",
				"Authorization", "Bearer " + newKey);
		assertThat(oldProofNewKey.status()).as("a proof signed with the old key").isEqualTo(401);
		Response oldKeyGenerate = this.api.post("/api/v1/generate", "{\"project_id\":\"" + id + "\"}", "Authorization",
				"Bearer " + key);
		assertThat(oldKeyGenerate.status()).isEqualTo(401);
		assertThat(oldKeyGenerate.code()).isEqualTo("UNAUTHORIZED");
		Response oldKeyVerify = this.api.post("/api/v1/verify",
				"{\"project_id\":\"" + id + "\",\"session_token\":\"" + token + "\"}", "Authorization",
				"Bearer " + key);
		assertThat(oldKeyVerify.status()).isEqualTo(401);
		assertThat(this.api
			.post("/api/v1/generate", "{\"project_id\":\"" + id + "\"}", "Authorization", "Bearer " + newKey)
			.status()).isEqualTo(200);

		Response deleted = this.api.method("DELETE", "/api/v1/dev/projects/" + id, null, auth);
		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.body()).isEqualTo("{\"ok\":true,\"id\":\"" + id + "\"}");
		// The sessions go in the background (SessionPurge); the project is gone at once.
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(
					this.jdbc.queryForObject("select count(*) from auth_sessions where project_id = ?", Long.class, id))
				.isZero());
		Response publicGenerate = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + id + "\"}");
		assertThat(publicGenerate.status()).isEqualTo(404);
		assertThat(publicGenerate.code()).isEqualTo("PROJECT_NOT_FOUND");
		Response publicVerify = this.api.post("/api/v1/verify/public",
				"{\"project_id\":\"" + id + "\",\"session_token\":\"" + token + "\"}");
		assertThat(publicVerify.status()).isEqualTo(404);
		assertThat(publicVerify.code()).isEqualTo("PROJECT_NOT_FOUND");
		assertThat(this.api.get("/api/v1/dev/projects/" + id, auth).code()).isEqualTo("PROJECT_NOT_FOUND");
		assertThat(this.api.method("DELETE", "/api/v1/dev/projects/" + id, null, auth).code())
			.isEqualTo("PROJECT_NOT_FOUND");
		assertThat(this.api.get("/api/v1/dev/projects", auth).json().get("projects")).isEmpty();
	}

	@Test
	void createAcceptsEveryFieldAndSandboxProjectsGetATestKey() {
		TestDevelopers.Developer developer = this.developers.register();
		JsonNode project = this.developers.createProject(developer,
				"""
						{"name":"Sandbox App","webhook_url":"http://localhost:9000/hook","public_access":false,
						 "req_phone":true,"sandbox":true,"allowed_origins":["https://a.example.com","https://a.example.com"]}""")
			.json();
		assertThat(project.get("secret_key").asString()).matches("sk_test_[A-Za-z0-9_-]{43}");
		assertThat(project.get("sandbox").asBoolean()).isTrue();
		assertThat(project.get("public_access").asBoolean()).isFalse();
		assertThat(project.get("req_phone").asBoolean()).isTrue();
		assertThat(project.get("webhook_url").asString()).isEqualTo("http://localhost:9000/hook");
		assertThat(project.get("allowed_origins")).hasSize(1);

		Response changeSandbox = this.api.method("PATCH", "/api/v1/dev/projects/" + project.get("id").asString(),
				"{\"name\":\"Changed\",\"sandbox\":false}", developer.auth());
		assertThat(changeSandbox.status()).isEqualTo(400);
		assertThat(changeSandbox.code()).isEqualTo("INVALID_REQUEST");
		assertThat(this.projectRepository.findById(project.get("id").asString()).orElseThrow().getName())
			.isEqualTo("Sandbox App");
	}

	@Test
	void listIsNewestFirst() {
		TestDevelopers.Developer developer = this.developers.register();
		this.clock.set(java.time.Instant.parse("2026-01-10T10:00:00Z"));
		String older = this.developers.createProject(developer, "{\"name\":\"Older\"}").field("id");
		this.clock.advance(java.time.Duration.ofMinutes(1));
		String newer = this.developers.createProject(developer, "{\"name\":\"Newer\"}").field("id");
		JsonNode list = this.api.get("/api/v1/dev/projects", developer.auth()).json().get("projects");
		assertThat(list.get(0).get("id").asString()).isEqualTo(newer);
		assertThat(list.get(1).get("id").asString()).isEqualTo(older);
		assertThat(list.get(1).get("created_at").asString()).isEqualTo("2026-01-10T10:00:00.000Z");
	}

	private JsonNode patch(String id, String json, String[] auth) {
		Response response = this.api.method("PATCH", "/api/v1/dev/projects/" + id, json, auth);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private static List<String> fieldNames(JsonNode node) {
		return new ArrayList<>(node.propertyNames());
	}

}
