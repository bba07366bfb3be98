package dev.bondify.system;

import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.BrowserForms;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP edge as clients and attackers see it: every security decision takes the path
 * the router takes, errors carry the headers successes carry, and unusual but legal
 * requests get a JSON answer, never a 5xx.
 */
class HttpEdgeIntegrationTest extends IntegrationTest {

	private static final String JSON_UTF8 = "application/json;charset=UTF-8";

	private BrowserForms browser;

	@BeforeEach
	void setUp() {
		this.browser = new BrowserForms(this.api);
	}

	@Nested
	class EncodedPaths {

		@Test
		void encodedSandboxConfirmStillNeedsTheCsrfToken() {
			Project project = projects.sandbox();
			String token = generate(project.getId()).field("session_token");

			Response forged = browser.post("/%73andbox/telegram/confirm", identity(token), null);

			assertThat(forged.status()).isEqualTo(403);
			assertThat(forged.code()).isEqualTo("FORBIDDEN");
			assertThat(verify("/api/v1/verify/public", project.getId(), token).body())
				.isEqualTo("{\"status\":\"pending\"}");
		}

		@Test
		void encodedVerifyWithPlainTextAcceptIsStillJson() {
			Project project = projects.live();
			String token = generate(project.getId()).field("session_token");

			Response verified = verify("/%61pi/v1/verify/public", project.getId(), token, "Accept", "text/plain");

			assertThat(verified.status()).isEqualTo(200);
			assertThat(verified.header("Content-Type")).isEqualToIgnoringCase(JSON_UTF8);
			assertThat(verified.body()).isEqualTo("{\"status\":\"pending\"}");
		}

		@Test
		void encodedPublicPathAnswersThePreflight() {
			Response preflight = api.method("OPTIONS", "/%61pi/v1/generate/public", null, "Origin",
					"https://shop.example", "Access-Control-Request-Method", "POST");

			assertThat(preflight.status()).isLessThan(300);
			assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("*");
		}

		@Test
		void encodedDeveloperPathStillNeedsAToken() {
			Response anonymous = api.get("/api/v1/%64ev/projects");
			Response forged = api.get("/api/v1/%64ev/projects", "Authorization", "Bearer not-a-token");

			assertThat(anonymous.status()).isEqualTo(401);
			assertThat(anonymous.code()).isEqualTo("UNAUTHORIZED");
			assertThat(forged.status()).isEqualTo(401);
			assertThat(forged.code()).isEqualTo("UNAUTHORIZED");
		}

		@Test
		void encodedDeveloperPathWorksWithAToken() {
			Developer developer = developers.register();

			Response listed = api.get("/api/v1/%64ev/projects", developer.auth());

			assertThat(listed.status()).isEqualTo(200);
		}

		@Test
		void encodedPublicPathKeepsTheBodyLimit() {
			Response tooLarge = api.post("/%61pi/v1/generate/public",
					"{\"project_id\":\"" + "a".repeat(20_000) + "\"}");

			assertThat(tooLarge.status()).isEqualTo(413);
			assertThat(tooLarge.code()).isEqualTo("PAYLOAD_TOO_LARGE");
		}

	}

	@Nested
	class RepeatedSlashes {

		@Test
		void leadingAndInnerDoubleSlashesRouteLikeOne() {
			Project project = projects.live();

			Response leading = api.post("//api/v1/generate/public", projectJson(project.getId()));
			Response inner = api.post("/api//v1/generate/public", projectJson(project.getId()));
			Response many = verify("/api///v1//verify/public", project.getId(), leading.field("session_token"));

			assertThat(leading.status()).isEqualTo(200);
			assertThat(leading.header("Access-Control-Allow-Origin")).isEqualTo("*");
			assertThat(inner.status()).isEqualTo(200);
			assertThat(many.status()).isEqualTo(200);
			assertThat(many.body()).isEqualTo("{\"status\":\"pending\"}");
		}

		@Test
		void doubleSlashDeveloperPathStillNeedsAToken() {
			Response anonymous = api.get("/api//v1/dev//projects");

			assertThat(anonymous.status()).isEqualTo(401);
			assertThat(anonymous.code()).isEqualTo("UNAUTHORIZED");
		}

	}

	@Nested
	class ErrorsCarryCors {

		@Test
		void payloadTooLargeOnAPublicEndpointCarriesCorsHeaders() {
			Response tooLarge = api.post("/api/v1/generate/public", "{\"project_id\":\"" + "a".repeat(20_000) + "\"}",
					"Origin", "https://shop.example");

			assertThat(tooLarge.status()).isEqualTo(413);
			assertThat(tooLarge.header("Access-Control-Allow-Origin")).isEqualTo("*");
			assertThat(tooLarge.header("Content-Type")).isEqualToIgnoringCase(JSON_UTF8);
		}

		@Test
		void otherPublicErrorsCarryCorsHeaders() {
			Response notFound = api.post("/api/v1/generate/public", projectJson("proj_doesnotexist0000"), "Origin",
					"https://shop.example");
			Response malformed = api.post("/api/v1/verify/public", "{", "Origin", "https://shop.example");
			Response wrongType = api.send(api.request("/api/v1/verify/public", "Origin", "https://shop.example")
				.header("Content-Type", "text/plain")
				.POST(HttpRequest.BodyPublishers.ofString("x")));

			assertThat(notFound.status()).isEqualTo(404);
			assertThat(malformed.status()).isEqualTo(400);
			assertThat(wrongType.status()).isEqualTo(415);
			for (Response response : new Response[] { notFound, malformed, wrongType }) {
				assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
				assertThat(response.header("Content-Type")).isEqualToIgnoringCase(JSON_UTF8);
			}
		}

	}

	@Nested
	class ContentTypes {

		@Test
		void successesAndErrorsDeclareUtf8Json() {
			Project project = projects.live();

			Response created = generate(project.getId());
			Response unknownRoute = api.get("/api/v1/nothing-here");
			Response unauthorized = api.get("/api/v1/dev/projects");

			assertThat(created.header("Content-Type")).isEqualToIgnoringCase(JSON_UTF8);
			assertThat(unknownRoute.header("Content-Type")).isEqualToIgnoringCase(JSON_UTF8);
			assertThat(unauthorized.header("Content-Type")).isEqualToIgnoringCase(JSON_UTF8);
		}

		@Test
		void multipartBodiesAreUnsupportedMediaTypes() {
			String boundary = "----b0undary";
			String body = "--" + boundary
					+ "\r\nContent-Disposition: form-data; name=\"project_id\"\r\n\r\nproj_x\r\n--" + boundary
					+ "--\r\n";

			Response generate = multipart("/api/v1/generate/public", "multipart/form-data; boundary=" + boundary, body);
			Response broken = multipart("/api/v1/verify/public", "multipart/form-data; boundary=", "--\r\n\r\n");
			Response noBoundary = multipart("/api/v1/dev/login", "multipart/form-data", body);
			Response sandbox = multipart("/sandbox/telegram/confirm", "multipart/form-data; boundary=" + boundary,
					body);
			Response webhook = multipart("/api/v1/telegram/webhook", "multipart/form-data; boundary=x", "--x\r\n",
					"X-Telegram-Bot-Api-Secret-Token", "test-webhook-secret");

			for (Response response : new Response[] { generate, broken, noBoundary, sandbox, webhook }) {
				assertThat(response.status()).as(response.body()).isIn(400, 403, 415);
				assertThat(response.header("Content-Type")).isEqualToIgnoringCase(JSON_UTF8);
				assertThat(response.json().propertyNames()).containsExactlyInAnyOrder("error", "code");
			}
			assertThat(generate.status()).isEqualTo(415);
			assertThat(broken.status()).isEqualTo(415);
		}

		@Test
		void acceptMatchingNothingIsNotAcceptableJson() {
			Response qr = api.get("/demo/qr?text=hello", "Accept", "application/json");

			assertThat(qr.status()).isEqualTo(406);
			assertThat(qr.code()).isEqualTo("NOT_ACCEPTABLE");
			assertThat(qr.header("Content-Type")).isEqualToIgnoringCase(JSON_UTF8);
		}

		private Response multipart(String path, String contentType, String body, String... headers) {
			return api.send(api.request(path, headers)
				.header("Content-Type", contentType)
				.POST(HttpRequest.BodyPublishers.ofString(body)));
		}

	}

	private Response generate(String projectId) {
		return this.api.post("/api/v1/generate/public", projectJson(projectId));
	}

	private Response verify(String path, String projectId, String token, String... headers) {
		return this.api.post(path, "{\"project_id\":\"" + projectId + "\",\"session_token\":\"" + token + "\"}",
				headers);
	}

	private static String projectJson(String projectId) {
		return "{\"project_id\":\"" + projectId + "\"}";
	}

	private static Map<String, String> identity(String token) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("start", token);
		fields.put("telegramId", "1");
		fields.put("name", "Forged");
		fields.put("username", "");
		fields.put("phone", "");
		return fields;
	}

}
