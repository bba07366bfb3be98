package dev.bondify.session;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may create and poll sessions: origins, public access, paused projects, secret keys,
 * CORS and rate limits.
 */
class SessionAccessIntegrationTest extends IntegrationTest {

	@Autowired
	SessionService sessionService;

	@Nested
	class AllowedOrigins {

		@Test
		void listedOriginIsAcceptedWhateverItsCaseOrTrailingSlash() {
			Project project = SessionAccessIntegrationTest.this.projects.withOrigins("https://app.example.com",
					"http://localhost:3000");
			assertThat(generate(project, "Origin", "https://app.example.com").status()).isEqualTo(200);
			assertThat(generate(project, "Origin", "HTTPS://APP.EXAMPLE.COM/").status()).isEqualTo(200);
			assertThat(generate(project, "Origin", "http://localhost:3000").status()).isEqualTo(200);
		}

		@Test
		void otherOriginIsRefusedOnGenerateAndVerifyAndNothingIsCreated() {
			Project project = SessionAccessIntegrationTest.this.projects.withOrigins("https://app.example.com");
			String token = generate(project, "Origin", "https://app.example.com").field("session_token");
			long sessions = count("auth_sessions");

			Response refused = generate(project, "Origin", "https://phish.example.net");
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.code()).isEqualTo("ORIGIN_NOT_ALLOWED");
			assertThat(refused.header("Access-Control-Allow-Origin")).as("browser can read the error").isEqualTo("*");
			assertThat(count("auth_sessions")).isEqualTo(sessions);

			Response verify = verify(project, token, "Origin", "https://app.example.com.phish.net");
			assertThat(verify.status()).isEqualTo(403);
			assertThat(verify.code()).isEqualTo("ORIGIN_NOT_ALLOWED");
		}

		@Test
		void requestWithoutOriginFromANativeAppIsAccepted() {
			Project project = SessionAccessIntegrationTest.this.projects.withOrigins("https://app.example.com");
			assertThat(generate(project).status()).isEqualTo(200);
		}

	}

	@Nested
	class PublicAccessAndSecretKeys {

		@Test
		void projectWithoutPublicAccessRefusesPublicEndpointsButServesItsSecretKey() {
			Project project = SessionAccessIntegrationTest.this.projects.live(p -> p.setPublicAccess(false));

			Response publicGenerate = generate(project);
			assertThat(publicGenerate.status()).isEqualTo(403);
			assertThat(publicGenerate.code()).isEqualTo("PUBLIC_ACCESS_DISABLED");

			Response generated = api.post("/api/v1/generate", body(project), "Authorization",
					"Bearer " + project.getSecretKey());
			assertThat(generated.status()).isEqualTo(200);
			String token = generated.field("session_token");

			Response publicVerify = verify(project, token);
			assertThat(publicVerify.status()).isEqualTo(403);
			assertThat(publicVerify.code()).isEqualTo("PUBLIC_ACCESS_DISABLED");

			Response verified = api.post("/api/v1/verify", verifyBody(project, token), "Authorization",
					"Bearer " + project.getSecretKey());
			assertThat(verified.status()).isEqualTo(200);
			assertThat(verified.body()).isEqualTo("{\"status\":\"pending\"}");
		}

		@Test
		void secretKeyEndpointsRejectMissingWrongAndForeignKeys() {
			Project project = SessionAccessIntegrationTest.this.projects.live();
			Project other = SessionAccessIntegrationTest.this.projects.live();
			String token = generate(project).field("session_token");
			long sessions = count("auth_sessions");

			for (String[] auth : new String[][] { {}, { "Authorization", "Bearer " },
					{ "Authorization", "Basic " + project.getSecretKey() },
					{ "Authorization", "Bearer " + project.getSecretKey() + "x" },
					{ "Authorization", "Bearer " + other.getSecretKey() } }) {
				Response generated = api.post("/api/v1/generate", body(project), auth);
				assertThat(generated.status()).isEqualTo(401);
				assertThat(generated.code()).isEqualTo("UNAUTHORIZED");
				Response verified = api.post("/api/v1/verify", verifyBody(project, token), auth);
				assertThat(verified.status()).isEqualTo(401);
				assertThat(verified.code()).isEqualTo("UNAUTHORIZED");
			}
			assertThat(count("auth_sessions")).isEqualTo(sessions);
		}

		@Test
		void secretKeyForAnUnknownProjectIsUnauthorizedNotNotFound() {
			Project project = SessionAccessIntegrationTest.this.projects.live();
			Response response = api.post("/api/v1/generate", "{\"project_id\":\"proj_unknown00000\"}", "Authorization",
					"Bearer " + project.getSecretKey());
			assertThat(response.status()).isEqualTo(401);
		}

	}

	@Nested
	class PausedProjects {

		@Test
		void pausedProjectRefusesNewSessionsButExistingOnesStillVerify() {
			Project project = SessionAccessIntegrationTest.this.projects.live();
			String token = generate(project).field("session_token");
			TestSessions.confirm(sessionService, jdbc, token, new TelegramIdentity(5L, "Paused User", null, null));
			project.setActive(false);
			projectRepository.saveAndFlush(project);
			long sessions = count("auth_sessions");

			Response refused = generate(project);
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.code()).isEqualTo("PROJECT_INACTIVE");
			Response refusedWithKey = api.post("/api/v1/generate", body(project), "Authorization",
					"Bearer " + project.getSecretKey());
			assertThat(refusedWithKey.code()).isEqualTo("PROJECT_INACTIVE");
			assertThat(count("auth_sessions")).isEqualTo(sessions);

			assertThat(verify(project, token).field("status")).isEqualTo("confirmed");
		}

	}

	@Nested
	class CorsAndLimits {

		@Test
		void preflightIsAnsweredForAnyOrigin() {
			for (String path : new String[] { "/api/v1/generate/public", "/api/v1/verify/public" }) {
				Response response = api.method("OPTIONS", path, null, "Origin", "https://any.example.org",
						"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");
				assertThat(response.status()).as(path).isBetween(200, 204);
				assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
				assertThat(response.header("Access-Control-Allow-Methods")).contains("POST");
				assertThat(response.header("Access-Control-Allow-Headers")).containsIgnoringCase("content-type");
			}
		}

		@Test
		void responsesCarryAllowOrigin() {
			Project project = SessionAccessIntegrationTest.this.projects.live();
			assertThat(generate(project, "Origin", "https://x.example").header("Access-Control-Allow-Origin"))
				.isEqualTo("*");
		}

		@Test
		void generateIsRateLimitedPerClientIpWithRetryAfter() {
			Project project = SessionAccessIntegrationTest.this.projects.live();
			clock.set(java.time.Instant.parse("2026-11-21T10:00:10Z"));
			for (int i = 0; i < 60; i++) {
				assertThat(generate(project).status()).isEqualTo(200);
			}
			long sessions = count("auth_sessions");

			Response limited = generate(project);

			assertThat(limited.status()).isEqualTo(429);
			assertThat(limited.code()).isEqualTo("RATE_LIMITED");
			// 60 a minute refill one token a second, continuously: no window to wait out.
			assertThat(limited.header("Retry-After")).isEqualTo("1");
			assertThat(count("auth_sessions")).isEqualTo(sessions);
			assertThat(generate(project, "X-Forwarded-For", "203.0.113.99").status()).as("another client")
				.isEqualTo(200);
			clock.set(java.time.Instant.parse("2026-11-21T10:00:11Z"));
			assertThat(generate(project).status()).as("one token back").isEqualTo(200);
			assertThat(generate(project).status()).as("only one").isEqualTo(429);
			// Past the clock minute's boundary 49 s later: 49 tokens, not a fresh 60.
			clock.set(java.time.Instant.parse("2026-11-21T10:01:00Z"));
			for (int i = 0; i < 49; i++) {
				assertThat(generate(project).status()).isEqualTo(200);
			}
			assertThat(generate(project).status()).as("no new burst at the boundary").isEqualTo(429);
		}

	}

	private Response generate(Project project, String... headers) {
		return this.api.post("/api/v1/generate/public", body(project), headers);
	}

	private Response verify(Project project, String token, String... headers) {
		return this.api.post("/api/v1/verify/public", verifyBody(project, token), headers);
	}

	private static String body(Project project) {
		return "{\"project_id\":\"" + project.getId() + "\"}";
	}

	private static String verifyBody(Project project, String token) {
		return "{\"project_id\":\"" + project.getId() + "\",\"session_token\":\"" + token + "\"}";
	}

}
