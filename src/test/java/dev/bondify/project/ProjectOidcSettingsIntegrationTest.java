package dev.bondify.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
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
 * The OpenID Connect client settings of a project: {@code redirect_uris} (exact https or
 * loopback http URLs) and {@code oidc_public}, set at create and PATCH and shown on every
 * project object; every bad value is 400 and changes nothing.
 */
class ProjectOidcSettingsIntegrationTest extends IntegrationTest {

	private Developer developer;

	private String id;

	@BeforeEach
	void project() {
		this.developer = this.developers.register();
		this.id = this.developers.createProject(this.developer, "{\"name\":\"Client\"}").field("id");
	}

	@Test
	void defaultsAreNoRedirectUrisAndAConfidentialClient() {
		JsonNode project = this.api.get("/api/v1/dev/projects/" + this.id, this.developer.auth()).json();
		assertThat(project.get("redirect_uris").isArray()).isTrue();
		assertThat(project.get("redirect_uris")).isEmpty();
		assertThat(project.get("oidc_public").isBoolean()).isTrue();
		assertThat(project.get("oidc_public").asBoolean()).isFalse();
		JsonNode listed = this.api.get("/api/v1/dev/projects", this.developer.auth()).json().get("projects").get(0);
		assertThat(listed.get("redirect_uris").isArray()).isTrue();
		assertThat(listed.has("oidc_public")).isTrue();
	}

	@Test
	void createTakesBothFieldsAndKeepsTheUrlsExactlyAsSent() {
		Response created = this.developers.createProject(this.developer, """
				{"name":"SPA","oidc_public":true,"redirect_uris":["https://app.example.com/cb?x=1",
				"http://127.0.0.1:8765/callback","http://[::1]/cb","http://localhost:3000/Auth/Done",
				"https://app.example.com/cb?x=1"]}""");
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		assertThat(created.json().get("oidc_public").asBoolean()).isTrue();
		assertThat(strings(created.json().get("redirect_uris"))).containsExactly("https://app.example.com/cb?x=1",
				"http://127.0.0.1:8765/callback", "http://[::1]/cb", "http://localhost:3000/Auth/Done");
		String stored = this.jdbc.queryForObject("select redirect_uris::text from projects where id = ?", String.class,
				created.field("id"));
		assertThat(stored).contains("http://localhost:3000/Auth/Done");
	}

	@Test
	void patchReplacesTheListAndTheFlagAndLeavesThemAloneWhenAbsent() {
		Response patched = patch(
				"{\"redirect_uris\":[\"https://rp.example.org/login/oauth2/code/bondify\"]," + "\"oidc_public\":true}");
		assertThat(patched.status()).as(patched.body()).isEqualTo(200);
		assertThat(strings(patched.json().get("redirect_uris")))
			.containsExactly("https://rp.example.org/login/oauth2/code/bondify");
		assertThat(patched.json().get("oidc_public").asBoolean()).isTrue();

		Response renamed = patch("{\"name\":\"Renamed\"}");
		assertThat(strings(renamed.json().get("redirect_uris")))
			.containsExactly("https://rp.example.org/login/oauth2/code/bondify");
		assertThat(renamed.json().get("oidc_public").asBoolean()).isTrue();

		Response cleared = patch("{\"redirect_uris\":[],\"oidc_public\":false}");
		assertThat(cleared.json().get("redirect_uris")).isEmpty();
		assertThat(cleared.json().get("oidc_public").asBoolean()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://app.example.com/cb", "https://app.example.com/cb#frag",
			"https://app.example.com/#", "/relative/cb", "app.example.com/cb", "ftp://app.example.com/cb",
			"javascript:alert(1)", "https://user:pw@app.example.com/cb", "https://", "HTTPS://app.example.com/cb",
			"http://127.0.0.2/cb", "http://localhost.evil.com/cb", "https://app.example.com/a b",
			"https://app.example.com/\u0000", "", "custom.app:/callback" })
	void aBadRedirectUriIs400AtCreateAndPatchAndChangesNothing(String uri) {
		Map<String, Object> before = stored();
		assertRefused(patch(ApiClient.json(Map.of("redirect_uris", List.of("https://ok.example.com/cb", uri)))));
		assertThat(stored()).isEqualTo(before);

		long projects = count("projects");
		assertRefused(this.api.post("/api/v1/dev/projects",
				ApiClient.json(Map.of("name", "X", "redirect_uris", List.of(uri))), this.developer.auth()));
		assertThat(count("projects")).isEqualTo(projects);
	}

	@Test
	void moreThanTwentyRedirectUrisAre400() {
		List<String> uris = new ArrayList<>();
		for (int i = 0; i < 21; i++) {
			uris.add("https://app.example.com/cb" + i);
		}
		Map<String, Object> before = stored();
		Response response = patch(ApiClient.json(Map.of("redirect_uris", uris)));
		assertRefused(response);
		assertThat(response.field("error")).contains("at most 20");
		assertThat(stored()).isEqualTo(before);
		assertThat(patch(ApiClient.json(Map.of("redirect_uris", uris.subList(0, 20)))).status()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"redirect_uris\":null}", "{\"redirect_uris\":\"https://a.example.com/cb\"}",
			"{\"redirect_uris\":[null]}", "{\"redirect_uris\":[1]}", "{\"oidc_public\":null}",
			"{\"oidc_public\":\"true\"}", "{\"oidc_public\":1}" })
	void wrongTypesAre400AndChangeNothing(String body) {
		Map<String, Object> before = stored();
		Response response = patch(body);
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.code()).isEqualTo("INVALID_REQUEST");
		assertThat(stored()).isEqualTo(before);
	}

	@Test
	void theRefusalDoesNotEchoTheSentValue() {
		Response response = patch("{\"redirect_uris\":[\"http://evil.example.com/<script>\"]}");
		assertRefused(response);
		assertThat(response.field("error")).contains("redirect_uris[0]").doesNotContain("evil").doesNotContain("<");
	}

	private void assertRefused(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.code()).isEqualTo("INVALID_REQUEST");
	}

	private Response patch(String body) {
		return this.api.method("PATCH", "/api/v1/dev/projects/" + this.id, body, this.developer.auth());
	}

	private Map<String, Object> stored() {
		return this.jdbc.queryForMap("select name, redirect_uris::text as uris, oidc_public from projects where id = ?",
				this.id);
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach(node -> values.add(node.asString()));
		return values;
	}

}
