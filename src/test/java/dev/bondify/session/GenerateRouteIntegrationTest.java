package dev.bondify.session;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.web.servlet.HandlerMapping;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The direct route of generate ({@link GenerateRoute}, {@code application/json} exactly)
 * and Spring MVC's ({@link SessionController}, the same JSON as
 * {@code application/json;charset=UTF-8}) answer every body alike: status, headers and
 * error bodies byte for byte, and a session each for a good body.
 */
class GenerateRouteIntegrationTest extends IntegrationTest {

	private static final String DIRECT = "application/json";

	private static final String MVC = "application/json;charset=UTF-8";

	@Autowired
	private List<HandlerMapping> mappings;

	private Project project;

	private Project inactive;

	private Project keyOnly;

	@BeforeEach
	void createProjects() {
		// A clock that stands still: both routes' sessions expire at the same instant.
		this.clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
		this.project = this.projects.live();
		this.inactive = this.projects.live(p -> p.setActive(false));
		this.keyOnly = this.projects.live(p -> p.setPublicAccess(false));
	}

	/**
	 * Bodies as templates: {@code PROJECT} is a live project, {@code INACTIVE} an
	 * inactive one, {@code KEY_ONLY} one without public access.
	 */
	static Stream<Arguments> bodies() {
		List<String> bodies = new ArrayList<>(List.of("", " ", "null", "[]", "\"x\"", "42", "true", "{}",
				"{\"project_id\":", "{\"project_id\":\"PROJECT\"} x", "{\"project_id\":\"PROJECT\"}{}",
				"{\"project_id\":null}", "{\"project_id\":123}", "{\"project_id\":1.5}", "{\"project_id\":true}",
				"{\"project_id\":{}}", "{\"project_id\":[\"PROJECT\"]}", "{\"project_id\":\"\"}",
				"{\"project_id\":\"   \"}", "{\"project_id\":\"\\t\\n\"}", "{\"project_id\":\"a\\u0000b\"}",
				"{\"project_id\":\"a\\u0085b\"}", "{\"project_id\":\"\\u2003\"}", "{\"project_id\":\"\\u00a0\"}",
				"{\"project_id\":\"\\ud800\"}", "{\"project_id\":\"" + "p".repeat(64) + "\"}",
				"{\"project_id\":\"" + "p".repeat(65) + "\"}", "{\"project_id\":\"" + "p".repeat(10_000) + "\"}",
				"{\"project_id\":\"proj_проект😀\"}", "{\"project_id\":\"proj_x' OR '1'='1\"}",
				"{\"project_id\":\"INACTIVE\"}", "{\"project_id\":\"KEY_ONLY\"}", "{\"project_id\":\"PROJECT\"",
				"{\"other\":\"PROJECT\"}", "{\"projectId\":\"PROJECT\"}", "{\"project_id\":\"x\",\"unknown\":[1,{}]}",
				"{'project_id':'PROJECT'}", "{\"project_id\":\"PROJECT\",}", "{\"project_id\":\"a\\u0001\"} ",
				"\uFEFF{\"project_id\":\"x\"}", "{\"project_id\":\"" + "x".repeat(20 * 1024) + "\"}"));
		return bodies.stream().map(Arguments::of);
	}

	@ParameterizedTest(name = "public: {0}")
	@MethodSource("bodies")
	void publicRouteAnswersEveryBodyAsMvcDoes(String template) {
		String body = body(template);
		long before = count("auth_sessions");
		Response direct = post("/api/v1/generate/public", body, DIRECT);
		Response mvc = post("/api/v1/generate/public", body, MVC);
		assertSameAnswer(direct, mvc);
		assertThat(count("auth_sessions")).isEqualTo(before + ((direct.status() == 200) ? 2 : 0));
	}

	@ParameterizedTest(name = "secret key: {0}")
	@MethodSource("bodies")
	void secretKeyRouteAnswersEveryBodyAsMvcDoes(String template) {
		String body = body(template).replace(this.project.getId(), this.keyOnly.getId());
		String key = "Bearer " + this.keyOnly.getSecretKey();
		long before = count("auth_sessions");
		Response direct = post("/api/v1/generate", body, DIRECT, "Authorization", key);
		Response mvc = post("/api/v1/generate", body, MVC, "Authorization", key);
		assertSameAnswer(direct, mvc);
		assertThat(count("auth_sessions")).isEqualTo(before + ((direct.status() == 200) ? 2 : 0));
	}

	@Test
	void goodBodiesGetSessionsOnBothRoutes() {
		String body = "{\"project_id\":\"" + this.project.getId() + "\"}";
		Response direct = post("/api/v1/generate/public", body, DIRECT);
		assertThat(direct.status()).isEqualTo(200);
		assertThat(direct.header("Content-Length")).isEqualTo(Integer.toString(direct.body().length()));
		JsonNode answer = direct.json();
		assertThat(answer.propertyNames()).containsExactly("session_token", "deeplink", "expires_at");
		assertThat(answer.get("expires_at").asLong())
			.isEqualTo(this.clock.instant().plus(Duration.ofMinutes(10)).toEpochMilli());
		assertThat(answer.get("deeplink").asString()).startsWith("https://t.me/bondify_test_bot?start=");
		// The session exists, with the client's address, user agent and no origin.
		assertThat(this.jdbc.queryForObject(
				"select client_ip || '|' || coalesce(origin, '-') || '|' || status from auth_sessions where token_preview = ?",
				String.class, answer.get("session_token").asString().substring(0, 12)))
			.isEqualTo(this.api.clientIp() + "|-|pending");
		Response verified = this.api.post("/api/v1/verify/public", "{\"project_id\":\"" + this.project.getId()
				+ "\",\"session_token\":\"" + answer.get("session_token").asString() + "\"}");
		assertThat(verified.field("status")).isEqualTo("pending");
	}

	@Test
	void theDirectRouteIsAskedBeforeEveryOtherMapping() {
		List<HandlerMapping> ordered = new ArrayList<>(this.mappings);
		AnnotationAwareOrderComparator.sort(ordered);
		assertThat(ordered.get(0)).isInstanceOf(GenerateRoute.class);
	}

	@Test
	void wrongMethodIsStillMvcsAnswer() {
		Response response = this.api.method("PUT", "/api/v1/generate/public", "{}");
		assertThat(response.status()).isEqualTo(405);
		assertThat(response.header("Allow")).isEqualTo("POST");
	}

	@Test
	void theRequestMetricNamesTheRoute() {
		double before = generatedAnswers();
		post("/api/v1/generate/public", "{\"project_id\":\"" + this.project.getId() + "\"}", DIRECT);
		// Recorded when the observation stops, which may be just after the answer
		// arrived.
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(generatedAnswers()).isEqualTo(before + 1));
	}

	// The request metric of generate's 200 answers (0 before the first).
	private double generatedAnswers() {
		Matcher count = Pattern
			.compile("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\"200\"[^}]*"
					+ "uri=\"/api/v1/generate/public\"[^}]*} (\\S+)")
			.matcher(scrape().body());
		return count.find() ? Double.parseDouble(count.group(1)) : 0;
	}

	private String body(String template) {
		return template.replace("INACTIVE", this.inactive.getId())
			.replace("KEY_ONLY", this.keyOnly.getId())
			.replace("PROJECT", this.project.getId());
	}

	private Response post(String path, String body, String contentType, String... headers) {
		return this.api.send(this.api.request(path, headers)
			.header("Content-Type", contentType)
			.header("User-Agent", "generate-route-test")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	private static void assertSameAnswer(Response direct, Response mvc) {
		assertThat(direct.status()).isEqualTo(mvc.status());
		assertThat(direct.header("Content-Type")).isEqualTo(mvc.header("Content-Type"));
		assertThat(direct.header("Retry-After")).isEqualTo(mvc.header("Retry-After"));
		assertThat(direct.header("Access-Control-Allow-Origin")).isEqualTo(mvc.header("Access-Control-Allow-Origin"));
		if (direct.status() == 200) {
			assertThat(direct.json().propertyNames()).containsExactlyElementsOf(mvc.json().propertyNames());
			assertThat(direct.json().get("expires_at")).isEqualTo(mvc.json().get("expires_at"));
			assertThat(direct.field("session_token")).isNotEqualTo(mvc.field("session_token"));
		}
		else {
			assertThat(direct.body()).isEqualTo(mvc.body());
		}
	}

}
