package dev.bondify.project;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project endpoints as the official SDKs use them: {@code active} as an alias of
 * {@code is_active}, {@code "ok": true} in the PATCH response, a malformed
 * {@code bot_token} refused before Telegram is asked, and one-line project names.
 */
class ProjectUpdateIntegrationTest extends IntegrationTest {

	private Developer developer;

	private String id;

	@BeforeEach
	void project() {
		this.developer = this.developers.register();
		this.id = this.developers.createProject(this.developer, "{\"name\":\"Aliases\"}").field("id");
	}

	@Test
	void activeFalsePausesTheProjectAndActiveTrueResumesIt() {
		Response paused = patch("{\"active\":false}");
		assertThat(paused.status()).as(paused.body()).isEqualTo(200);
		assertThat(paused.json().get("active").asBoolean()).isFalse();
		assertThat(paused.json().get("is_active").asBoolean()).isFalse();
		assertThat(stored().get("is_active")).isEqualTo(false);
		Response generate = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + this.id + "\"}");
		assertThat(generate.status()).isEqualTo(403);
		assertThat(generate.code()).isEqualTo("PROJECT_INACTIVE");

		Response resumed = patch("{\"active\":true}");
		assertThat(resumed.json().get("active").asBoolean()).isTrue();
		assertThat(stored().get("is_active")).isEqualTo(true);
	}

	@Test
	void activeAndIsActiveThatAgreeAreAccepted() {
		Response response = patch("{\"active\":false,\"is_active\":false}");
		assertThat(response.status()).isEqualTo(200);
		assertThat(stored().get("is_active")).isEqualTo(false);
	}

	@Test
	void patchAnswersTheUpdatedProjectWithOkTrueAndOnlyPatchDoes() {
		JsonNode patched = patch("{\"name\":\"Renamed\"}").json();
		assertThat(patched.get("ok").isBoolean()).isTrue();
		assertThat(patched.get("ok").asBoolean()).isTrue();
		assertThat(patched.get("name").asString()).isEqualTo("Renamed");
		assertThat(patched.get("project_id").asString()).isEqualTo(this.id);
		assertThat(this.api.get("/api/v1/dev/projects/" + this.id, this.developer.auth()).json().has("ok")).isFalse();
		assertThat(this.api.get("/api/v1/dev/projects", this.developer.auth()).json().get("projects").get(0).has("ok"))
			.isFalse();
	}

	@Test
	void botTokenNullInPatchIsANoOp() {
		Response response = patch("{\"bot_token\":null,\"name\":\"Still here\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().get("bot_username").isNull()).isTrue();
		assertThat(stored().get("name")).isEqualTo("Still here");
	}

	@Test
	void botTokenNullInCreateIsANoOp() {
		Response created = this.api.post("/api/v1/dev/projects", "{\"name\":\"No bot\",\"bot_token\":null}",
				this.developer.auth());
		assertThat(created.status()).as(created.body()).isEqualTo(200);
	}

	@Nested
	class Refused {

		@Test
		void activeAndIsActiveThatDisagreeAre400AndChangeNothing() {
			Map<String, Object> before = stored();
			assertInvalid(patch("{\"active\":false,\"is_active\":true}"), "disagree");
			assertInvalid(patch("{\"is_active\":false,\"active\":true}"), "disagree");
			assertThat(stored()).isEqualTo(before);
		}

		@ParameterizedTest
		@ValueSource(strings = { "{\"active\":null}", "{\"active\":\"false\"}", "{\"active\":0}" })
		void activeThatIsNotABooleanIs400(String body) {
			Map<String, Object> before = stored();
			Response response = patch(body);
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.code()).isEqualTo("INVALID_REQUEST");
			assertThat(stored()).isEqualTo(before);
		}

		@Test
		void malformedBotTokenInPatchIs400AndChangesNothing() {
			Map<String, Object> before = stored();
			assertInvalid(patch("{\"bot_token\":\"123456:ABC-own-bot\",\"name\":\"Changed\"}"), "BotFather");
			assertThat(stored()).isEqualTo(before);
		}

		@Test
		void malformedBotTokenInCreateIs400AndCreatesNothing() {
			long projects = count("projects");
			Response response = ProjectUpdateIntegrationTest.this.api.post("/api/v1/dev/projects",
					"{\"name\":\"Own bot\",\"bot_token\":\"123456:ABC-own-bot\"}",
					ProjectUpdateIntegrationTest.this.developer.auth());
			assertInvalid(response, "BotFather");
			assertThat(count("projects")).isEqualTo(projects);
		}

		@ParameterizedTest
		@ValueSource(strings = { "Shop\nFrom: Telegram Security", "Shop\u202Eevil", "Shop\u0000", "Shop\u2028x",
				"Zero\u200Bwidth" })
		void namesThatAreNotOneLineOfPrintableTextAre400AtCreateAndPatch(String name) {
			long projects = count("projects");
			Response created = ProjectUpdateIntegrationTest.this.api.post("/api/v1/dev/projects",
					ApiClient.json(Map.of("name", name)), ProjectUpdateIntegrationTest.this.developer.auth());
			assertInvalid(created, "printable");
			assertThat(count("projects")).isEqualTo(projects);

			Map<String, Object> before = stored();
			assertInvalid(patch(ApiClient.json(Map.of("name", name))), "printable");
			assertThat(stored()).isEqualTo(before);
		}

		@Test
		void aNameOver100CharactersIs400() {
			assertInvalid(patch(ApiClient.json(Map.of("name", "x".repeat(101)))), "1 to 100");
		}

		private void assertInvalid(Response response, String sentence) {
			assertThat(response.status()).as(response.body()).isEqualTo(400);
			assertThat(response.code()).isEqualTo("INVALID_REQUEST");
			assertThat(response.field("error")).contains(sentence);
		}

	}

	private Response patch(String body) {
		return this.api.method("PATCH", "/api/v1/dev/projects/" + this.id, body, this.developer.auth());
	}

	private Map<String, Object> stored() {
		return this.jdbc.queryForMap("select name, secret_key, webhook_url, is_active, public_access, req_phone, "
				+ "allowed_origins::text as origins from projects where id = ?", this.id);
	}

}
