package dev.bondify.project;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code proof_alg}: HS256 unless chosen, ES256 on create or PATCH, returned on every
 * project object, anything else refused without a change.
 */
class ProofAlgIntegrationTest extends IntegrationTest {

	private Developer developer;

	@BeforeEach
	void developer() {
		this.developer = this.developers.register();
	}

	@Test
	void defaultIsHs256OnEveryProjectObject() {
		Response created = this.developers.createProject(this.developer, "{\"name\":\"Default\"}");
		assertThat(created.json().get("proof_alg").asString()).isEqualTo("HS256");
		String id = created.field("id");
		assertThat(get(id).json().get("proof_alg").asString()).isEqualTo("HS256");
		Response list = this.api.get("/api/v1/dev/projects", this.developer.auth());
		assertThat(list.json().get("projects").get(0).get("proof_alg").asString()).isEqualTo("HS256");
		assertThat(stored(id)).isEqualTo("HS256");
	}

	@Test
	void es256ChosenOnCreateOrByPatchAndBackToHs256() {
		Response created = this.developers.createProject(this.developer,
				"{\"name\":\"Public key proofs\",\"proof_alg\":\"ES256\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		String id = created.field("id");
		assertThat(created.json().get("proof_alg").asString()).isEqualTo("ES256");
		assertThat(stored(id)).isEqualTo("ES256");

		Response back = patch(id, "{\"proof_alg\":\"HS256\"}");
		assertThat(back.status()).isEqualTo(200);
		assertThat(back.json().get("proof_alg").asString()).isEqualTo("HS256");
		assertThat(back.json().get("ok").asBoolean()).isTrue();
		assertThat(stored(id)).isEqualTo("HS256");

		assertThat(patch(id, "{\"proof_alg\":\"ES256\"}").json().get("proof_alg").asString()).isEqualTo("ES256");
		assertThat(patch(id, "{\"name\":\"Renamed\"}").json().get("proof_alg").asString()).as("kept when absent")
			.isEqualTo("ES256");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"RS256\"", "\"es256\"", "\"none\"", "\" ES256\"", "\"\"", "null", "256", "true" })
	void anythingElseIsInvalidAndChangesNothing(String value) {
		String id = this.developers.createProject(this.developer, "{\"name\":\"Strict\"}").field("id");
		Response patched = patch(id, "{\"name\":\"Changed\",\"proof_alg\":" + value + "}");
		assertThat(patched.status()).isEqualTo(400);
		assertThat(patched.code()).isEqualTo("INVALID_REQUEST");
		assertThat(stored(id)).isEqualTo("HS256");
		assertThat(get(id).json().get("name").asString()).isEqualTo("Strict");

		if (!"null".equals(value)) {
			long before = count("projects");
			Response created = this.api.post("/api/v1/dev/projects",
					"{\"name\":\"Strict\",\"proof_alg\":" + value + "}", this.developer.auth());
			assertThat(created.status()).isEqualTo(400);
			assertThat(created.code()).isEqualTo("INVALID_REQUEST");
			assertThat(count("projects")).isEqualTo(before);
		}
	}

	private Response get(String id) {
		return this.api.get("/api/v1/dev/projects/" + id, this.developer.auth());
	}

	private Response patch(String id, String body) {
		return this.api.method("PATCH", "/api/v1/dev/projects/" + id, body, this.developer.auth());
	}

	private String stored(String id) {
		return this.jdbc.queryForObject("select proof_alg from projects where id = ?", String.class, id);
	}

}
