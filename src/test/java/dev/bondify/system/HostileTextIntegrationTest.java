package dev.bondify.system;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDevelopers;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one text rule, enforced wherever a string enters: JSON fields, query parameters,
 * path variables and form fields answer 400 {@code INVALID_REQUEST} and store nothing;
 * plus the values that decode but are out of range.
 */
class HostileTextIntegrationTest extends IntegrationTest {

	@Nested
	class JsonBodies {

		@Test
		void nulInAProjectNameOrOriginIsRefusedAndNothingIsStored() {
			Developer developer = developers.register();
			long before = count("projects");

			assertInvalid(api.post("/api/v1/dev/projects", "{\"name\":\"a\\u0000b\"}", developer.auth()));
			assertInvalid(api.post("/api/v1/dev/projects",
					"{\"name\":\"ok\",\"allowed_origins\":[\"https://a.example\\u0000\"]}", developer.auth()));
			assertInvalid(api.post("/api/v1/dev/projects", "{\"name\":\"bell\\u0007\"}", developer.auth()));

			assertThat(count("projects")).isEqualTo(before);
		}

		@Test
		void loneSurrogatesAreRefused() {
			Developer developer = developers.register();
			long before = count("projects");

			assertInvalid(api.post("/api/v1/dev/projects", "{\"name\":\"\\ud800\"}", developer.auth()));
			assertInvalid(api.post("/api/v1/dev/projects", "{\"name\":\"x\\udc00y\"}", developer.auth()));

			assertThat(count("projects")).isEqualTo(before);
		}

		@Test
		void nulInIdsAndCredentialsIsRefusedBeforeSql() {
			long developersBefore = count("developers");
			long sessionsBefore = count("auth_sessions");

			assertInvalid(api.post("/api/v1/generate/public", "{\"project_id\":\"proj_\\u0000abcdefgh\"}"));
			assertInvalid(api.post("/api/v1/verify/public",
					"{\"project_id\":\"proj_abcdefgh\",\"session_token\":\"sess_\\u0000\"}"));
			assertInvalid(api.post("/api/v1/dev/register",
					"{\"email\":\"a\\u0000@example.com\",\"password\":\"" + TestDevelopers.PASSWORD + "\"}"));

			assertThat(count("developers")).isEqualTo(developersBefore);
			assertThat(count("auth_sessions")).isEqualTo(sessionsBefore);
		}

		@Test
		void printableUnicodeStillPasses() {
			Developer developer = developers.register();

			Response created = api.post("/api/v1/dev/projects", "{\"name\":\"Café 漢字 😀\"}", developer.auth());

			assertThat(created.status()).as(created.body()).isEqualTo(200);
			assertThat(created.field("name")).isEqualTo("Café 漢字 😀");
		}

	}

	@Nested
	class OutsideTheBody {

		@Test
		void controlCharactersInQueryParametersAreRefused() {
			Developer developer = developers.register();

			assertInvalid(api.get("/api/v1/dev/sessions?project_id=proj_%00abc", developer.auth()));
			assertInvalid(api.get("/api/v1/dev/analytics?project_id=%01", developer.auth()));
			assertInvalid(api.get("/api/v1/dev/sessions?status=pending%1B", developer.auth()));
		}

		@Test
		void controlCharactersInPathVariablesAreRefused() {
			Developer developer = developers.register();

			assertInvalid(api.get("/api/v1/dev/projects/proj_%01abcdefgh", developer.auth()));
			assertInvalid(api.method("DELETE", "/api/v1/dev/projects/proj_%7Fabcdefgh", null, developer.auth()));
		}

		@Test
		void controlCharactersInFormFieldsAreRefused() {
			long sessions = count("auth_sessions");

			Response response = api.send(api.request("/sandbox/telegram/confirm?start=abc")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString("telegramId=42&name=a%00b")));

			assertInvalid(response);
			assertThat(count("auth_sessions")).isEqualTo(sessions);
		}

		@Test
		void aContentTypeWithoutAConcreteMediaTypeIs415() {
			for (String contentType : new String[] { "*/*", "application/*", "application/json;;=" }) {
				Response response = api.send(api.request("/api/v1/verify/public")
					.header("Content-Type", contentType)
					.POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));

				assertThat(response.status()).as(contentType + " " + response.body()).isEqualTo(415);
				assertThat(response.code()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
				assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
			}
		}

	}

	@Nested
	class OutOfRange {

		@Test
		void forgedCursorsWithAnyTimestampAre400() {
			Developer developer = developers.register();
			String id = UUID.randomUUID().toString();

			for (String raw : new String[] { "253402300800.0." + id, "-1.0." + id, "99999999999999.0." + id,
					"-62135596801.0." + id, "9223372036854775807.999999999." + id, "+1.0." + id }) {
				String cursor = Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString(raw.getBytes(StandardCharsets.UTF_8));
				assertInvalid(api.get("/api/v1/dev/sessions?cursor=" + cursor, developer.auth()));
			}
		}

		@Test
		void numbersPastLongAndWeirdLimitsAre400() {
			Developer developer = developers.register();

			for (String limit : new String[] { "9223372036854775808", "-1", "0", "201", "1e3", "1.5", "abc" }) {
				assertInvalid(api.get("/api/v1/dev/sessions?limit=" + limit, developer.auth()));
			}
			for (String days : new String[] { "99999999999999999999", "0", "91", "-7" }) {
				assertInvalid(api.get("/api/v1/dev/analytics?days=" + days, developer.auth()));
			}
		}

	}

	private static void assertInvalid(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.code()).isEqualTo("INVALID_REQUEST");
		assertThat(response.json().propertyNames()).containsExactlyInAnyOrder("error", "code");
	}

}
