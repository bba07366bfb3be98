package dev.bondify.sandbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.BrowserForms;
import dev.bondify.support.BrowserForms.Page;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox page over HTTP, as a browser uses it: the bot's message, confirm and cancel
 * with a test identity, and every way it refuses to change anything.
 */
class SandboxPageIntegrationTest extends IntegrationTest {

	private final Map<String, String> linkCodes = new java.util.concurrent.ConcurrentHashMap<>();

	private BrowserForms browser;

	@BeforeEach
	void setUp() {
		this.browser = new BrowserForms(this.api);
	}

	@Test
	void generateForASandboxProjectLinksToTheSandboxPageWithATestKey() {
		Project project = this.projects.sandbox();
		assertThat(project.getSecretKey()).matches("sk_test_[A-Za-z0-9_-]{43}");

		Response generated = generate(project.getId());

		assertThat(generated.status()).isEqualTo(200);
		assertThat(generated.field("deeplink"))
			.matches(java.util.regex.Pattern.quote(this.api.baseUrl() + "/sandbox/telegram?start=")
					+ "[A-Za-z0-9_-]{22}")
			.doesNotContain(generated.field("session_token"))
			.doesNotContain(generated.field("session_token").substring(5));
	}

	@Test
	void pageShowsTheBotMessageWithWhereTheRequestCameFrom() {
		Project project = this.projects.sandbox(p -> p.setName("Shop <script>alert(1)</script>"));
		String token = generate(project.getId(), "Origin", "https://shop.example", "X-Forwarded-For", "203.0.113.9")
			.field("session_token");

		Page page = this.browser.get(sandboxPath(token));

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.response().header("Content-Type")).startsWith("text/html");
		assertThat(page.body()).contains("Shop &lt;script&gt;alert(1)&lt;/script&gt;")
			.doesNotContain("<script>alert(1)")
			.contains("https://shop.example")
			.contains("203.0.113.9")
			.contains("Confirm only a sign-in you started yourself")
			.contains("✅ Confirm")
			.contains("❌ Cancel")
			.contains("value=\"123456789\"")
			.contains("value=\"Alex Johnson\"")
			.doesNotContain("name=\"phone\"");
		assertThat(page.cookie()).isNotBlank();
		assertThat(page.token()).isNotBlank();
	}

	@Test
	void confirmWithTheTestIdentityDeliversItAndAValidProofToTheApp() {
		Project project = this.projects.sandbox();
		String token = generate(project.getId()).field("session_token");
		Page page = this.browser.get(sandboxPath(token));

		Response confirmed = this.browser.submit(page, "/sandbox/telegram/confirm",
				identity(token, "987654321", "Test Person", "@test_person", "+15550001111"));

		assertThat(confirmed.status()).isEqualTo(200);
		assertThat(confirmed.body()).contains("✅ Signed in to Test App — you can return to the app.")
			.doesNotContain("id=\"confirm\"");
		JsonNode verified = verify(project.getId(), token).json();
		assertThat(verified.get("status").asString()).isEqualTo("confirmed");
		assertThat(verified.get("telegram_id").asString()).isEqualTo("987654321");
		assertThat(verified.get("telegram_name").asString()).isEqualTo("Test Person");
		assertThat(verified.get("telegram_username").asString()).isEqualTo("test_person");
		// The project does not ask for the phone, so a posted one is dropped.
		assertThat(verified.get("telegram_phone").isNull()).isTrue();
		Response proof = this.api.post("/api/v1/proof/verify",
				"{\"proof\":\"" + verified.get("proof").asString() + "\"}", "Authorization",
				"Bearer " + project.getSecretKey());
		assertThat(proof.status()).isEqualTo(200);
		assertThat(proof.json().get("claims").get("telegram_id").asString()).isEqualTo("987654321");
		assertThat(proof.json().get("claims").get("session_token").asString()).isEqualTo(token);
	}

	@Test
	void confirmForAProjectThatAsksForThePhoneDeliversThePhone() {
		Project project = this.projects.sandbox(p -> p.setReqPhone(true));
		String token = generate(project.getId()).field("session_token");
		Page page = this.browser.get(sandboxPath(token));
		assertThat(page.body()).contains("name=\"phone\"").contains("value=\"+15555550100\"");

		Response confirmed = this.browser.submit(page, "/sandbox/telegram/confirm",
				identity(token, "42", "Phone Owner", "", "+447700900123"));

		assertThat(confirmed.status()).isEqualTo(200);
		JsonNode verified = verify(project.getId(), token).json();
		assertThat(verified.get("telegram_phone").asString()).isEqualTo("+447700900123");
		assertThat(verified.get("telegram_username").isNull()).isTrue();
	}

	@Test
	void cancelEndsTheSignInAsCancelled() {
		Project project = this.projects.sandbox();
		String token = generate(project.getId()).field("session_token");
		Page page = this.browser.get(sandboxPath(token));

		Response cancelled = this.browser.submit(page, "/sandbox/telegram/cancel", Map.of("start", code(token)));

		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.body()).contains("❌ Sign-in cancelled");
		Response verified = verify(project.getId(), token);
		assertThat(verified.field("status")).isEqualTo("cancelled");
		assertThat(verified.json().get("cancelled_at").isIntegralNumber()).isTrue();
	}

	@Test
	void reopeningAFinishedSignInShowsItsStateWithoutButtons() {
		Project project = this.projects.sandbox();
		String token = generate(project.getId()).field("session_token");
		Page page = this.browser.get(sandboxPath(token));
		this.browser.submit(page, "/sandbox/telegram/confirm", identity(token, "1", "A", "", ""));

		Page again = this.browser.get(sandboxPath(token));

		assertThat(again.status()).isEqualTo(200);
		assertThat(again.body()).contains("already confirmed").doesNotContain("id=\"confirm\"");
	}

	@Nested
	class WhenNothingMayChange {

		@Test
		void postWithoutTheCsrfTokenIsForbiddenAndChangesNothing() {
			Project project = projects.sandbox();
			String token = generate(project.getId()).field("session_token");
			Page page = browser.get(sandboxPath(token));

			Response noToken = browser.post("/sandbox/telegram/confirm", identity(token, "1", "Forged", "", ""), null);
			Map<String, String> wrong = new LinkedHashMap<>(identity(token, "1", "Forged", "", ""));
			wrong.put("_csrf", "not-the-token");
			Response wrongToken = browser.post("/sandbox/telegram/cancel", wrong, "XSRF-TOKEN=" + page.cookie());

			assertThat(noToken.status()).isEqualTo(403);
			assertThat(noToken.code()).isEqualTo("FORBIDDEN");
			assertThat(wrongToken.status()).isEqualTo(403);
			assertThat(wrongToken.code()).isEqualTo("FORBIDDEN");
			assertThat(verify(project.getId(), token).body()).isEqualTo("{\"status\":\"pending\"}");
		}

		@Test
		void sessionOfALiveProjectIsNotFound() {
			Project live = projects.live();
			String token = generate(live.getId()).field("session_token");
			Page csrf = browser.get(sandboxPath(generate(projects.sandbox().getId()).field("session_token")));

			Response page = api.get(sandboxPath(token));
			Response confirm = browser.submit(csrf, "/sandbox/telegram/confirm", identity(token, "1", "A", "", ""));
			Response cancel = browser.submit(csrf, "/sandbox/telegram/cancel", Map.of("start", code(token)));

			assertThat(page.status()).isEqualTo(404);
			assertThat(page.code()).isEqualTo("SESSION_NOT_FOUND");
			assertThat(confirm.status()).isEqualTo(404);
			assertThat(cancel.status()).isEqualTo(404);
			assertThat(verify(live.getId(), token).body()).isEqualTo("{\"status\":\"pending\"}");
		}

		@Test
		void sessionTokenIsNoLinkCodeForThePageOrItsForms() {
			Project project = projects.sandbox();
			String token = generate(project.getId()).field("session_token");
			Page csrf = browser.get(sandboxPath(token));
			Map<String, String> byToken = new LinkedHashMap<>(identity(token, "1", "A", "", ""));
			byToken.put("start", token);

			Response page = api.get("/sandbox/telegram?start=" + token);
			Response confirm = browser.submit(csrf, "/sandbox/telegram/confirm", byToken);
			Response cancel = browser.submit(csrf, "/sandbox/telegram/cancel", Map.of("start", token));

			assertThat(page.status()).isEqualTo(404);
			assertThat(page.code()).isEqualTo("SESSION_NOT_FOUND");
			assertThat(confirm.status()).isEqualTo(404);
			assertThat(cancel.status()).isEqualTo(404);
			assertThat(csrf.body()).doesNotContain(token).doesNotContain(token.substring(5));
			assertThat(verify(project.getId(), token).body()).isEqualTo("{\"status\":\"pending\"}");
		}

		@Test
		void unknownOrMalformedTokenIsNotFound() {
			Response unknown = api.get(sandboxPath("sess_" + "A".repeat(43)));
			Response malformed = api.get(sandboxPath("nope"));
			Response missing = api.get("/sandbox/telegram");

			assertThat(unknown.status()).isEqualTo(404);
			assertThat(unknown.code()).isEqualTo("SESSION_NOT_FOUND");
			assertThat(malformed.status()).isEqualTo(404);
			assertThat(missing.status()).isEqualTo(400);
			assertThat(missing.code()).isEqualTo("INVALID_REQUEST");
		}

		@Test
		void expiredSessionSaysSoAndStaysExpired() {
			Project project = projects.sandbox();
			String token = generate(project.getId()).field("session_token");
			Page page = browser.get(sandboxPath(token));
			clock.advance(Duration.ofMinutes(11));

			Response confirm = browser.submit(page, "/sandbox/telegram/confirm", identity(token, "1", "A", "", ""));
			Page reopened = browser.get(sandboxPath(token));

			assertThat(confirm.status()).isEqualTo(409);
			assertThat(confirm.body()).contains("expired").contains("Nothing was changed");
			assertThat(reopened.body()).contains("expired").doesNotContain("id=\"confirm\"");
			assertThat(verify(project.getId(), token).field("status")).isEqualTo("expired");
			assertThat(jdbc.queryForObject(
					"select count(*) from auth_sessions where project_id = ? and status = 'pending'", Long.class,
					project.getId()))
				.isEqualTo(1);
		}

		@Test
		void secondActionSaysTheSignInIsAlreadyFinished() {
			Project project = projects.sandbox();
			String token = generate(project.getId()).field("session_token");
			Page page = browser.get(sandboxPath(token));
			browser.submit(page, "/sandbox/telegram/confirm", identity(token, "1", "First", "", ""));

			Response again = browser.submit(page, "/sandbox/telegram/confirm", identity(token, "2", "Second", "", ""));
			Response cancel = browser.submit(page, "/sandbox/telegram/cancel", Map.of("start", code(token)));

			assertThat(again.status()).isEqualTo(409);
			assertThat(again.body()).contains("already confirmed");
			assertThat(cancel.status()).isEqualTo(409);
			assertThat(verify(project.getId(), token).field("telegram_name")).isEqualTo("First");
		}

		@Test
		void invalidIdentityIsShownAgainWithErrorsAndChangesNothing() {
			Project project = projects.sandbox();
			String token = generate(project.getId()).field("session_token");
			Page page = browser.get(sandboxPath(token));

			Response notANumber = browser.submit(page, "/sandbox/telegram/confirm",
					identity(token, "abc", "Name", "", ""));
			Response negative = browser.submit(page, "/sandbox/telegram/confirm",
					identity(token, "-5", "Name", "", ""));
			Response blankName = browser.submit(page, "/sandbox/telegram/confirm", identity(token, "1", " ", "", ""));
			Response longName = browser.submit(page, "/sandbox/telegram/confirm",
					identity(token, "1", "x".repeat(129), "", ""));
			Response badUsername = browser.submit(page, "/sandbox/telegram/confirm",
					identity(token, "1", "Name", "no spaces", ""));

			assertThat(notANumber.status()).isEqualTo(400);
			assertThat(notANumber.body()).contains("A positive whole number").contains("value=\"abc\"");
			assertThat(negative.status()).isEqualTo(400);
			assertThat(blankName.status()).isEqualTo(400);
			assertThat(blankName.body()).contains("1 to 128 characters");
			assertThat(longName.status()).isEqualTo(400);
			assertThat(badUsername.status()).isEqualTo(400);
			assertThat(badUsername.body()).contains("5 to 32 letters");
			assertThat(verify(project.getId(), token).body()).isEqualTo("{\"status\":\"pending\"}");
		}

		@Test
		void projectThatAsksForThePhoneNeedsAValidOne() {
			Project project = projects.sandbox(p -> p.setReqPhone(true));
			String token = generate(project.getId()).field("session_token");
			Page page = browser.get(sandboxPath(token));

			Response missing = browser.submit(page, "/sandbox/telegram/confirm", identity(token, "1", "A", "", ""));
			Response malformed = browser.submit(page, "/sandbox/telegram/confirm",
					identity(token, "1", "A", "", "call me"));

			assertThat(missing.status()).isEqualTo(400);
			assertThat(missing.body()).contains("Digits with an optional leading +");
			assertThat(malformed.status()).isEqualTo(400);
			assertThat(verify(project.getId(), token).body()).isEqualTo("{\"status\":\"pending\"}");
		}

	}

	/**
	 * The link code of a session this test generated, or the value itself (for values
	 * that are no generated session token).
	 */
	private String code(String token) {
		return this.linkCodes.getOrDefault(token, token);
	}

	private Map<String, String> identity(String token, String telegramId, String name, String username, String phone) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("start", code(token));
		fields.put("telegramId", telegramId);
		fields.put("name", name);
		fields.put("username", username);
		fields.put("phone", phone);
		return fields;
	}

	private String sandboxPath(String token) {
		return "/sandbox/telegram?start=" + code(token);
	}

	private Response generate(String projectId, String... headers) {
		Response generated = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + projectId + "\"}",
				headers);
		if (generated.status() == 200) {
			String deeplink = generated.field("deeplink");
			this.linkCodes.put(generated.field("session_token"),
					deeplink.substring(deeplink.indexOf("?start=") + "?start=".length()));
		}
		return generated;
	}

	private Response verify(String projectId, String token) {
		return this.api.post("/api/v1/verify/public",
				"{\"project_id\":\"" + projectId + "\",\"session_token\":\"" + token + "\"}");
	}

}
