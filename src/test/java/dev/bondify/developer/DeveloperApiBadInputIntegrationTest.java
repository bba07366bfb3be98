package dev.bondify.developer;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDevelopers;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad input on every developer endpoint: the right status and code, and nothing changed
 * in the database.
 */
class DeveloperApiBadInputIntegrationTest extends IntegrationTest {

	private static Developer developer;

	private static String projectId;

	@BeforeEach
	void developerWithProject() {
		if (developer == null) {
			developer = this.developers.register();
			projectId = this.developers.createProject(developer, "{\"name\":\"Fixture\"}").field("id");
		}
	}

	static Stream<Arguments> badRequests() {
		String email = "\"email\":\"" + TestDevelopers.uniqueEmail() + "\"";
		String longName = "n".repeat(101);
		String longUrl = "https://example.com/" + "a".repeat(2030);
		StringBuilder manyOrigins = new StringBuilder("[");
		for (int i = 0; i < 51; i++) {
			manyOrigins.append((i > 0) ? "," : "").append("\"https://o").append(i).append(".example.com\"");
		}
		manyOrigins.append("]");
		return Stream.of(
				// register
				arguments("POST", "/api/v1/dev/register", "{" + email + "}", 400, "INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/register", "{\"password\":\"closed door seven kites\"}", 400,
						"INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/register", "{\"email\":123,\"password\":\"closed door seven kites\"}",
						400, "INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/register", "{" + email + ",\"password\":1234567890123}", 400,
						"INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/register",
						"{\"email\":\"not-an-email\",\"password\":\"closed door seven kites\"}", 400,
						"INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/register",
						"{\"email\":\"a@b\",\"password\":\"closed door seven kites\"}", 400, "INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/register",
						"{\"email\":\"a b@example.com\",\"password\":\"closed door seven kites\"}", 400,
						"INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/register", "{" + email + ",\"password\":\"short\"}", 400,
						"INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/register", "{" + email + ",\"password\":\"ninechars\"}", 400,
						"INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/register", "{" + email + ",\"password\":\"" + "p".repeat(73) + "\"}",
						400, "INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/register", "[]", 400, "INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/register", "not json", 400, "INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/register", "", 400, "INVALID_REQUEST"),
				// login
				arguments("POST", "/api/v1/dev/login", "{" + email + "}", 400, "INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/login", "{\"email\":true,\"password\":\"closed door seven kites\"}", 400,
						"INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/login", "{" + email + ",\"password\":[]}", 400, "INVALID_REQUEST"),
				// create project
				arguments("POST", "/api/v1/dev/projects", "{}", 400, "INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects", "{\"name\":\"\"}", 400, "INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects", "{\"name\":\"   \"}", 400, "INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects", "{\"name\":\"" + longName + "\"}", 400, "INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects", "{\"name\":123}", 400, "INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects", "{\"name\":\"A\",\"webhook_url\":\"ftp://example.com/x\"}",
						400, "INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects", "{\"name\":\"A\",\"webhook_url\":\"not a url\"}", 400,
						"INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects", "{\"name\":\"A\",\"webhook_url\":\"/relative/path\"}", 400,
						"INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects", "{\"name\":\"A\",\"webhook_url\":\"" + longUrl + "\"}", 400,
						"INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects", "{\"name\":\"A\",\"webhook_url\":42}", 400,
						"INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects", "{\"name\":\"A\",\"public_access\":\"true\"}", 400,
						"INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects", "{\"name\":\"A\",\"req_phone\":1}", 400, "INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects", "{\"name\":\"A\",\"sandbox\":\"yes\"}", 400,
						"INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects",
						"{\"name\":\"A\",\"allowed_origins\":\"https://a.example.com\"}", 400, "INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects",
						"{\"name\":\"A\",\"allowed_origins\":[\"https://a.example.com/\"]}", 400, "INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects",
						"{\"name\":\"A\",\"allowed_origins\":[\"https://a.example.com/app\"]}", 400, "INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects", "{\"name\":\"A\",\"allowed_origins\":[\"a.example.com\"]}",
						400, "INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects",
						"{\"name\":\"A\",\"allowed_origins\":[\"https://a.example.com:99999\"]}", 400,
						"INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects", "{\"name\":\"A\",\"allowed_origins\":[1]}", 400,
						"INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects", "{\"name\":\"A\",\"allowed_origins\":[null]}", 400,
						"INVALID_REQUEST"),
				arguments("POST", "/api/v1/dev/projects", "{\"name\":\"A\",\"allowed_origins\":" + manyOrigins + "}",
						400, "INVALID_REQUEST"),
				// patch project
				arguments("PATCH", "/api/v1/dev/projects/{id}", "{\"name\":\"\"}", 400, "INVALID_REQUEST"),
				arguments("PATCH", "/api/v1/dev/projects/{id}", "{\"name\":null}", 400, "INVALID_REQUEST"),
				arguments("PATCH", "/api/v1/dev/projects/{id}", "{\"name\":123}", 400, "INVALID_REQUEST"),
				arguments("PATCH", "/api/v1/dev/projects/{id}", "{\"is_active\":\"false\"}", 400, "INVALID_REQUEST"),
				arguments("PATCH", "/api/v1/dev/projects/{id}", "{\"is_active\":null}", 400, "INVALID_REQUEST"),
				arguments("PATCH", "/api/v1/dev/projects/{id}", "{\"public_access\":0}", 400, "INVALID_REQUEST"),
				arguments("PATCH", "/api/v1/dev/projects/{id}", "{\"webhook_url\":\"javascript:alert(1)\"}", 400,
						"INVALID_REQUEST"),
				arguments("PATCH", "/api/v1/dev/projects/{id}", "{\"allowed_origins\":null}", 400, "INVALID_REQUEST"),
				arguments("PATCH", "/api/v1/dev/projects/{id}", "{\"sandbox\":true}", 400, "INVALID_REQUEST"),
				arguments("PATCH", "/api/v1/dev/projects/{id}", "{\"name\":\"Valid\",\"webhook_url\":\"nope\"}", 400,
						"INVALID_REQUEST"),
				arguments("PATCH", "/api/v1/dev/projects/{id}", "{\"name\":\"Valid\",\"req_phone\":\"true\"}", 400,
						"INVALID_REQUEST"),
				arguments("PATCH", "/api/v1/dev/projects/{id}", "[]", 400, "INVALID_REQUEST"),
				// sessions
				arguments("GET", "/api/v1/dev/sessions?limit=0", null, 400, "INVALID_REQUEST"),
				arguments("GET", "/api/v1/dev/sessions?limit=-5", null, 400, "INVALID_REQUEST"),
				arguments("GET", "/api/v1/dev/sessions?limit=201", null, 400, "INVALID_REQUEST"),
				arguments("GET", "/api/v1/dev/sessions?limit=99999999999", null, 400, "INVALID_REQUEST"),
				arguments("GET", "/api/v1/dev/sessions?limit=ten", null, 400, "INVALID_REQUEST"),
				arguments("GET", "/api/v1/dev/sessions?cursor=garbage!!", null, 400, "INVALID_REQUEST"),
				arguments("GET", "/api/v1/dev/sessions?cursor=Z2FyYmFnZQ", null, 400, "INVALID_REQUEST"),
				arguments("GET", "/api/v1/dev/sessions?status=bogus", null, 400, "INVALID_REQUEST"),
				arguments("GET", "/api/v1/dev/sessions?project_id=proj_unknown000000", null, 404, "PROJECT_NOT_FOUND"),
				// analytics
				arguments("GET", "/api/v1/dev/analytics?days=91", null, 400, "INVALID_REQUEST"),
				arguments("GET", "/api/v1/dev/analytics?days=0", null, 400, "INVALID_REQUEST"),
				arguments("GET", "/api/v1/dev/analytics?days=-7", null, 400, "INVALID_REQUEST"),
				arguments("GET", "/api/v1/dev/analytics?days=1.5", null, 400, "INVALID_REQUEST"),
				arguments("GET", "/api/v1/dev/analytics?days=99999999999", null, 400, "INVALID_REQUEST"),
				arguments("GET", "/api/v1/dev/analytics?days=365", null, 400, "INVALID_REQUEST"),
				arguments("GET", "/api/v1/dev/analytics?days=week", null, 400, "INVALID_REQUEST"), arguments("GET",
						"/api/v1/dev/analytics?project_id=proj_unknown000000", null, 404, "PROJECT_NOT_FOUND"));
	}

	@ParameterizedTest(name = "{0} {1} {2} -> {3} {4}")
	@MethodSource("badRequests")
	void answersWithTheErrorContractAndChangesNothing(String method, String path, String body, int status,
			String code) {
		String url = path.replace("{id}", projectId);
		List<Map<String, Object>> before = snapshot();
		String[] headers = (url.endsWith("/register") || url.endsWith("/login"))
				? new String[] { "X-Forwarded-For", TestDevelopers.randomIp() } : developer.auth();
		Response response = this.api.method(method, url, body, headers);
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.code()).isEqualTo(code);
		assertThat(response.field("error")).isNotBlank();
		assertThat(snapshot()).isEqualTo(before);
	}

	private List<Map<String, Object>> snapshot() {
		return this.jdbc.queryForList("""
				select (select count(*) from developers) as developers, (select count(*) from projects) as projects,
				       p.name, p.secret_key, p.webhook_url, p.is_active, p.public_access, p.req_phone, p.sandbox,
				       p.allowed_origins::text as origins
				from projects p where p.id = ?""", projectId);
	}

}
