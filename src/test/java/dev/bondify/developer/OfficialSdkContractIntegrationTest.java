package dev.bondify.developer;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.SessionRows;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per admin call of the official Node SDK ({@code @bondify/node} 3.0.2): every
 * field name and JSON type the SDK's types declare, written from the list in issue 11
 * (not from SDK code). The one documented deviation: {@code created_at} (and the other
 * {@code *_at} fields of the developer API) are ISO-8601 strings where the SDK declares a
 * number.
 */
class OfficialSdkContractIntegrationTest extends IntegrationTest {

	private static final Instant NOW = Instant.parse("2026-05-20T12:00:00Z");

	/** The SDK's project type, as listProjects and createProject declare it. */
	private static final Map<String, String> PROJECT = Map.of("project_id", "string", "name", "string", "webhook_url",
			"string|null", "active", "boolean", "public_access", "boolean", "secret_preview", "string|null",
			"created_at", "iso", "req_phone", "boolean");

	private Developer developer;

	@BeforeEach
	void developer() {
		this.clock.set(NOW);
		this.developer = this.developers.register();
	}

	@Test
	void getMe() {
		Response response = this.api.get("/api/v1/dev/me", this.developer.auth());
		assertThat(response.status()).isEqualTo(200);
		JsonNode developer = response.json().get("developer");
		assertTypes(developer, Map.of("developer_id", "string", "email", "string", "plan", "string", "mau", "object"));
		assertThat(developer.get("plan").asString()).isIn("hobby", "pro", "business");
		assertTypes(developer.get("mau"), Map.of("current", "number", "limit", "number", "over", "number"));
	}

	@Test
	void listProjects() {
		create("{\"name\":\"Listed\"}");
		Response response = this.api.get("/api/v1/dev/projects", this.developer.auth());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("projects").isArray()).isTrue();
		JsonNode project = response.json().get("projects").get(0);
		assertTypes(project, PROJECT);
		assertThat(project.get("secret_preview").asString()).endsWith("••••••••").hasSize(20);
	}

	@Test
	void createProject() {
		JsonNode project = create("{\"name\":\"Created\",\"webhook_url\":\"https://hooks.example.com/b\","
				+ "\"public_access\":true,\"req_phone\":false}");
		assertTypes(project, PROJECT);
		assertTypes(project, Map.of("secret_key", "string"));
		assertThat(project.get("secret_key").asString()).matches("sk_live_[A-Za-z0-9_-]{43}");
		assertThat(project.get("secret_preview").asString())
			.isEqualTo(project.get("secret_key").asString().substring(0, 12) + "••••••••");
		String projectId = project.get("project_id").asString();
		assertThat(projectId).isEqualTo(project.get("id").asString());
		assertThat(this.api.get("/api/v1/dev/projects/" + projectId, this.developer.auth()).status())
			.as("callers pass project_id to the other calls")
			.isEqualTo(200);
	}

	@Test
	void updateProject() {
		String projectId = create("{\"name\":\"Updated\"}").get("project_id").asString();
		Response response = this.api.method("PATCH", "/api/v1/dev/projects/" + projectId,
				"{\"name\":\"Paused\",\"active\":false,\"webhook_url\":\"https://hooks.example.com/u\","
						+ "\"req_phone\":true,\"public_access\":false,\"bot_token\":null}",
				this.developer.auth());
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertTypes(response.json(), Map.of("ok", "boolean"));
		assertThat(response.json().get("ok").asBoolean()).isTrue();
		JsonNode stored = this.api.get("/api/v1/dev/projects/" + projectId, this.developer.auth()).json();
		assertThat(stored.get("name").asString()).isEqualTo("Paused");
		assertThat(stored.get("active").asBoolean()).as("active:false is applied, not ignored").isFalse();
		assertThat(stored.get("webhook_url").asString()).isEqualTo("https://hooks.example.com/u");
		assertThat(stored.get("req_phone").asBoolean()).isTrue();
		assertThat(stored.get("public_access").asBoolean()).isFalse();
	}

	@Test
	void regenerateSecret() {
		JsonNode project = create("{\"name\":\"Rotated\"}");
		Response response = this.api.post(
				"/api/v1/dev/projects/" + project.get("project_id").asString() + "/regenerate", "",
				this.developer.auth());
		assertThat(response.status()).isEqualTo(200);
		assertTypes(response.json(), Map.of("secret_key", "string"));
		assertThat(response.field("secret_key")).matches("sk_live_[A-Za-z0-9_-]{43}")
			.isNotEqualTo(project.get("secret_key").asString());
	}

	@Test
	void deleteProject() {
		String projectId = create("{\"name\":\"Deleted\"}").get("project_id").asString();
		Response response = this.api.method("DELETE", "/api/v1/dev/projects/" + projectId, null, this.developer.auth());
		assertThat(response.status()).isEqualTo(200);
		assertTypes(response.json(), Map.of("ok", "boolean"));
		assertThat(response.json().get("ok").asBoolean()).isTrue();
	}

	@Test
	void listSessions() {
		String projectId = create("{\"name\":\"Sessions\"}").get("project_id").asString();
		SessionRows rows = new SessionRows(this.jdbc);
		rows.pending(projectId, NOW);
		rows.used(projectId, NOW.minusSeconds(60), "4242");
		Response response = this.api.get("/api/v1/dev/sessions?project_id=" + projectId, this.developer.auth());
		assertThat(response.status()).isEqualTo(200);
		JsonNode sessions = response.json().get("sessions");
		assertThat(sessions).hasSize(2);
		Map<String, String> item = Map.of("session_token", "string", "project_id", "string", "project_name", "string",
				"status", "string", "telegram_id", "string|null", "telegram_name", "string|null", "telegram_username",
				"string|null", "created_at", "iso", "confirmed_at", "iso|null");
		sessions.forEach(session -> assertTypes(session, item));
		JsonNode used = sessions.get(1);
		assertThat(used.get("telegram_id").isString()).isTrue();
		assertThat(used.get("confirmed_at").isString()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 7, 30, 90 })
	void getAnalytics(int days) {
		String projectId = create("{\"name\":\"Analytics\"}").get("project_id").asString();
		Response response = this.api.get("/api/v1/dev/analytics?days=" + days + "&project_id=" + projectId,
				this.developer.auth());
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode report = response.json();
		assertTypes(report, Map.of("total_sessions", "number", "confirmed_sessions", "number", "unique_users", "number",
				"conversion_rate", "number", "daily", "array", "funnel", "object", "projects", "array"));
		assertThat(report.get("daily")).hasSize(days);
		assertTypes(report.get("daily").get(0),
				Map.of("date", "string", "sessions", "number", "confirmed", "number", "unique_users", "number"));
		assertTypes(report.get("funnel"),
				Map.of("requested", "number", "confirmed", "number", "expired", "number", "cancelled", "number"));
	}

	@Test
	void openApiDescribesTheSdkFields() {
		JsonNode schemas = this.api.get("/v3/api-docs").json().get("components").get("schemas");
		assertThat(schemas.get("ProjectView").get("properties").propertyNames()).contains("project_id", "active",
				"is_active", "secret_preview", "bot_username", "ok");
		assertThat(schemas.get("Patch").get("properties").propertyNames()).contains("active", "is_active", "bot_token");
		assertThat(schemas.get("Create").get("properties").propertyNames()).contains("bot_token");
		assertThat(schemas.get("Me").get("properties").propertyNames()).containsExactlyInAnyOrder("id", "email",
				"created_at", "developer");
		assertThat(schemas.get("SdkDeveloper").get("properties").propertyNames())
			.containsExactlyInAnyOrder("developer_id", "email", "plan", "mau");
		assertThat(schemas.get("Mau").get("properties").propertyNames()).containsExactlyInAnyOrder("current", "limit",
				"over");
		assertThat(schemas.get("SessionItem").get("properties").propertyNames()).contains("session_token",
				"session_token_preview");
	}

	private JsonNode create(String json) {
		return this.developers.createProject(this.developer, json).json();
	}

	/**
	 * Each field present with its JSON type: {@code string}, {@code number},
	 * {@code boolean}, {@code object}, {@code array}, {@code iso} (an ISO-8601 UTC
	 * string), each optionally {@code |null}.
	 */
	private static void assertTypes(JsonNode node, Map<String, String> types) {
		types.forEach((field, type) -> {
			assertThat(node.has(field)).as("field %s in %s", field, node).isTrue();
			JsonNode value = node.get(field);
			boolean nullable = type.endsWith("|null");
			String base = nullable ? type.substring(0, type.length() - 5) : type;
			if (value.isNull()) {
				assertThat(nullable).as("%s is null in %s", field, node).isTrue();
				return;
			}
			boolean matches = switch (base) {
				case "string" -> value.isString();
				case "iso" ->
					value.isString() && value.asString().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
				case "number" -> value.isNumber();
				case "boolean" -> value.isBoolean();
				case "object" -> value.isObject();
				case "array" -> value.isArray();
				default -> throw new IllegalArgumentException(type);
			};
			assertThat(matches).as("%s is a %s in %s", field, type, node).isTrue();
		});
	}

}
