package dev.bondify.project;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.SessionRows;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second developer sees nothing of the first one's project: every route answers 404 or
 * an empty result.
 */
class TenantIsolationIntegrationTest extends IntegrationTest {

	@Test
	void anotherDevelopersProjectIsNotFoundOnEveryRoute() {
		Developer owner = this.developers.register();
		Developer other = this.developers.register();
		String id = this.developers.createProject(owner, "{\"name\":\"Owner's App\"}").field("id");
		new SessionRows(this.jdbc).used(id, Instant.now().minusSeconds(60), "555");
		Map<String, Object> before = row(id);

		assertNotFound(this.api.get("/api/v1/dev/projects/" + id, other.auth()));
		assertNotFound(this.api.method("PATCH", "/api/v1/dev/projects/" + id,
				"{\"name\":\"Hijacked\",\"is_active\":false}", other.auth()));
		assertNotFound(this.api.post("/api/v1/dev/projects/" + id + "/regenerate", "", other.auth()));
		assertNotFound(this.api.method("DELETE", "/api/v1/dev/projects/" + id, null, other.auth()));
		assertNotFound(this.api.get("/api/v1/dev/sessions?project_id=" + id, other.auth()));
		assertNotFound(this.api.get("/api/v1/dev/analytics?project_id=" + id, other.auth()));
		assertThat(row(id)).as("nothing changed").isEqualTo(before);

		assertThat(this.api.get("/api/v1/dev/projects", other.auth()).json().get("projects")).isEmpty();
		assertThat(this.api.get("/api/v1/dev/sessions", other.auth()).json().get("sessions")).isEmpty();
		Response analytics = this.api.get("/api/v1/dev/analytics", other.auth());
		assertThat(analytics.json().get("total_sessions").asLong()).isZero();
		assertThat(analytics.json().get("unique_users").asLong()).isZero();
		assertThat(analytics.json().get("projects")).isEmpty();

		// The owner still sees everything.
		assertThat(this.api.get("/api/v1/dev/projects/" + id, owner.auth()).field("name")).isEqualTo("Owner's App");
		assertThat(this.api.get("/api/v1/dev/sessions", owner.auth()).json().get("sessions")).hasSize(1);
		assertThat(this.api.get("/api/v1/dev/analytics", owner.auth()).json().get("total_sessions").asLong())
			.isEqualTo(1);
	}

	@Test
	void unknownProjectIsNotFoundLikeAForeignOne() {
		Developer developer = this.developers.register();
		Response foreign = this.api.get("/api/v1/dev/projects/proj_doesnotexist0000", developer.auth());
		assertNotFound(foreign);
	}

	private Map<String, Object> row(String id) {
		return this.jdbc.queryForMap("select name, secret_key, webhook_url, is_active, public_access, req_phone, "
				+ "allowed_origins::text as origins, (select count(*) from auth_sessions where project_id = ?) as sessions "
				+ "from projects where id = ?", id, id);
	}

	private static void assertNotFound(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(404);
		assertThat(response.code()).isEqualTo("PROJECT_NOT_FOUND");
	}

}
