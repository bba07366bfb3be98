package dev.bondify.session;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input to the public endpoints gets the contract's status and code and
 * changes nothing.
 */
class PublicEndpointBadInputTest extends IntegrationTest {

	private static final String LONG = "p".repeat(10 * 1024);

	private static final String HUGE = "{\"project_id\":\"" + "x".repeat(20 * 1024) + "\"}";

	private Project project;

	private Project otherProject;

	private String token;

	private String otherToken;

	@BeforeEach
	void createSessions() {
		this.project = this.projects.live();
		this.otherProject = this.projects.live();
		this.token = this.api.post("/api/v1/generate/public", body(this.project.getId())).field("session_token");
		this.otherToken = this.api.post("/api/v1/generate/public", body(this.otherProject.getId()))
			.field("session_token");
	}

	/**
	 * {@code PROJECT} in a body is replaced by a real project id, {@code TOKEN} by a real
	 * session token.
	 */
	static Stream<Arguments> generateCases() {
		return Stream.of(Arguments.of("no body", "", "application/json", 400, "INVALID_REQUEST"),
				Arguments.of("array", "[]", "application/json", 400, "INVALID_REQUEST"),
				Arguments.of("string", "\"x\"", "application/json", 400, "INVALID_REQUEST"),
				Arguments.of("number", "42", "application/json", 400, "INVALID_REQUEST"),
				Arguments.of("empty object", "{}", "application/json", 400, "INVALID_REQUEST"),
				Arguments.of("malformed", "{\"project_id\":", "application/json", 400, "INVALID_REQUEST"),
				Arguments.of("trailing garbage", "{\"project_id\":\"PROJECT\"} x", "application/json", 400,
						"INVALID_REQUEST"),
				Arguments.of("null id", "{\"project_id\":null}", "application/json", 400, "INVALID_REQUEST"),
				Arguments.of("numeric id", "{\"project_id\":123}", "application/json", 400, "INVALID_REQUEST"),
				Arguments.of("boolean id", "{\"project_id\":true}", "application/json", 400, "INVALID_REQUEST"),
				Arguments.of("object id", "{\"project_id\":{}}", "application/json", 400, "INVALID_REQUEST"),
				Arguments.of("array id", "{\"project_id\":[\"PROJECT\"]}", "application/json", 400, "INVALID_REQUEST"),
				Arguments.of("blank id", "{\"project_id\":\"\"}", "application/json", 400, "INVALID_REQUEST"),
				Arguments.of("whitespace id", "{\"project_id\":\"   \"}", "application/json", 400, "INVALID_REQUEST"),
				Arguments.of("10 KB id", "{\"project_id\":\"" + LONG + "\"}", "application/json", 400,
						"INVALID_REQUEST"),
				Arguments.of("SQL-looking id", "{\"project_id\":\"proj_x' OR '1'='1\"}", "application/json", 404,
						"PROJECT_NOT_FOUND"),
				Arguments.of("unicode id", "{\"project_id\":\"proj_проект😀\"}", "application/json", 404,
						"PROJECT_NOT_FOUND"),
				Arguments.of("unknown project", "{\"project_id\":\"proj_doesnotexist0000\"}", "application/json", 404,
						"PROJECT_NOT_FOUND"),
				Arguments.of("text/plain", "{\"project_id\":\"PROJECT\"}", "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"),
				Arguments.of("form", "project_id=PROJECT", "application/x-www-form-urlencoded", 415,
						"UNSUPPORTED_MEDIA_TYPE"),
				Arguments.of("20 KiB body", HUGE, "application/json", 413, "PAYLOAD_TOO_LARGE"));
	}

	static Stream<Arguments> verifyCases() {
		return Stream.of(Arguments.of("no body", "", "application/json", 400, "INVALID_REQUEST"),
				Arguments.of("array", "[]", "application/json", 400, "INVALID_REQUEST"),
				Arguments.of("string", "\"x\"", "application/json", 400, "INVALID_REQUEST"),
				Arguments.of("empty object", "{}", "application/json", 400, "INVALID_REQUEST"),
				Arguments.of("missing token", "{\"project_id\":\"PROJECT\"}", "application/json", 400,
						"INVALID_REQUEST"),
				Arguments.of("missing project", "{\"session_token\":\"TOKEN\"}", "application/json", 400,
						"INVALID_REQUEST"),
				Arguments.of("null id", "{\"project_id\":null,\"session_token\":\"TOKEN\"}", "application/json", 400,
						"INVALID_REQUEST"),
				Arguments.of("numeric id", "{\"project_id\":123,\"session_token\":\"TOKEN\"}", "application/json", 400,
						"INVALID_REQUEST"),
				Arguments.of("blank id", "{\"project_id\":\"\",\"session_token\":\"TOKEN\"}", "application/json", 400,
						"INVALID_REQUEST"),
				Arguments.of("10 KB id", "{\"project_id\":\"" + LONG + "\",\"session_token\":\"TOKEN\"}",
						"application/json", 400, "INVALID_REQUEST"),
				Arguments.of("numeric token", "{\"project_id\":\"PROJECT\",\"session_token\":7}", "application/json",
						400, "INVALID_REQUEST"),
				Arguments.of("blank token", "{\"project_id\":\"PROJECT\",\"session_token\":\"\"}", "application/json",
						400, "INVALID_REQUEST"),
				Arguments.of("10 KB token", "{\"project_id\":\"PROJECT\",\"session_token\":\"" + LONG + "\"}",
						"application/json", 400, "INVALID_REQUEST"),
				Arguments.of("SQL-looking id",
						"{\"project_id\":\"x'; drop table projects; --\",\"session_token\":\"TOKEN\"}",
						"application/json", 404, "PROJECT_NOT_FOUND"),
				Arguments.of("unicode id", "{\"project_id\":\"проект😀\",\"session_token\":\"TOKEN\"}",
						"application/json", 404, "PROJECT_NOT_FOUND"),
				Arguments.of("unknown project",
						"{\"project_id\":\"proj_doesnotexist0000\",\"session_token\":\"TOKEN\"}", "application/json",
						404, "PROJECT_NOT_FOUND"),
				Arguments.of("unknown token", "{\"project_id\":\"PROJECT\",\"session_token\":\"sess_unknown\"}",
						"application/json", 404, "SESSION_NOT_FOUND"),
				Arguments.of("SQL-looking token", "{\"project_id\":\"PROJECT\",\"session_token\":\"' OR 1=1 --\"}",
						"application/json", 404, "SESSION_NOT_FOUND"),
				Arguments.of("token of another project",
						"{\"project_id\":\"PROJECT\",\"session_token\":\"OTHER_TOKEN\"}", "application/json", 404,
						"SESSION_NOT_FOUND"),
				Arguments.of("text/plain", "{\"project_id\":\"PROJECT\",\"session_token\":\"TOKEN\"}", "text/plain",
						415, "UNSUPPORTED_MEDIA_TYPE"),
				Arguments.of("20 KiB body", HUGE, "application/json", 413, "PAYLOAD_TOO_LARGE"));
	}

	@ParameterizedTest(name = "generate: {0}")
	@MethodSource("generateCases")
	void generateRejectsBadInputAndChangesNothing(String name, String body, String contentType, int status,
			String code) {
		assertRejected("/api/v1/generate/public", body, contentType, status, code);
	}

	@ParameterizedTest(name = "verify: {0}")
	@MethodSource("verifyCases")
	void verifyRejectsBadInputAndChangesNothing(String name, String body, String contentType, int status, String code) {
		assertRejected("/api/v1/verify/public", body, contentType, status, code);
		assertThat(this.api.post("/api/v1/verify/public", verifyBody(this.project.getId(), this.token)).field("status"))
			.isEqualTo("pending");
	}

	@Test
	void wrongMethodIsMethodNotAllowed() {
		Response response = this.api.get("/api/v1/generate/public");
		assertThat(response.status()).isEqualTo(405);
		assertThat(response.code()).isEqualTo("METHOD_NOT_ALLOWED");
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.header("Allow")).isEqualTo("POST");
	}

	@Test
	void unknownRouteIsJsonNotFound() {
		for (String path : List.of("/api/v1/nope", "/nope", "/api/v1/generate/public/extra")) {
			Response response = this.api.post(path, "{}");
			assertThat(response.status()).as(path).isEqualTo(404);
			assertThat(response.code()).as(path).isEqualTo("NOT_FOUND");
			assertThat(response.field("error")).as(path).isNotBlank();
		}
	}

	private void assertRejected(String path, String template, String contentType, int status, String code) {
		String body = template.replace("OTHER_TOKEN", this.otherToken)
			.replace("PROJECT", this.project.getId())
			.replace("TOKEN", this.token);
		long sessions = count("auth_sessions");
		long projects = count("projects");
		String statuses = this.jdbc.queryForObject("select string_agg(status, ',' order by id) from auth_sessions",
				String.class);

		Response response = this.api.send(this.api.request(path)
			.header("Content-Type", contentType)
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));

		assertThat(response.status()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.json().propertyNames()).containsExactlyInAnyOrder("error", "code");
		assertThat(response.code()).isEqualTo(code);
		assertThat(response.field("error")).isNotBlank().doesNotContain("Exception");
		assertThat(count("auth_sessions")).isEqualTo(sessions);
		assertThat(count("projects")).isEqualTo(projects);
		assertThat(
				this.jdbc.queryForObject("select string_agg(status, ',' order by id) from auth_sessions", String.class))
			.isEqualTo(statuses);
	}

	private static String body(String projectId) {
		return "{\"project_id\":\"" + projectId + "\"}";
	}

	private static String verifyBody(String projectId, String token) {
		return "{\"project_id\":\"" + projectId + "\",\"session_token\":\"" + token + "\"}";
	}

}
