package dev.bondify.dashboard;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDevelopers;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's security: the httpOnly cookie and its flags, CSRF on every state
 * change, ownership through the cookie, log-out revoking the token, and the CSP on every
 * dashboard page.
 */
class DashboardSecurityIntegrationTest extends IntegrationTest {

	private Developer developer;

	private DashboardBrowser browser;

	@BeforeEach
	void signIn() {
		this.developer = this.developers.register();
		this.browser = new DashboardBrowser(this.api);
		this.browser.openSession();
		Response login = this.browser.login(this.developer.email(), TestDevelopers.PASSWORD);
		assertThat(login.status()).as(login.body()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/dashboard", "/dashboard/", "/dashboard/login", "/dashboard/signup",
			"/dashboard/projects", "/dashboard/projects/new", "/dashboard/projects/proj_abcdefgh", "/dashboard/logs",
			"/dashboard/analytics", "/dashboard/webhooks", "//dashboard//logs" })
	void everyDashboardPageIsTheShellWithTheStrictContentSecurityPolicy(String path) {
		Response page = this.api.get(path);

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Type")).startsWith("text/html");
		assertThat(page.body()).contains("<script type=\"module\" src=\"/dashboard/js/app.js\"></script>");
		assertStrictPolicy(page);
		assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
	}

	@Test
	void aMalformedRangeHeaderStillGetsThePage() {
		Response page = this.api.get("/dashboard/logs", "Range", "' OR 1=1 --");

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("/dashboard/js/app.js");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/dashboard/js/app.js", "/dashboard/dashboard.css", "/dashboard/nope",
			"/dashboard/api/session" })
	void everyOtherDashboardResponseCarriesThePolicyToo(String path) {
		assertStrictPolicy(this.api.get(path));
	}

	@Test
	void theApiAndOtherPagesAreLeftWithoutTheDashboardPolicy() {
		assertThat(this.api.get("/api/v1/dev/me", this.developer.auth()).header("Content-Security-Policy")).isNull();
	}

	@Test
	void logInSetsAnHttpOnlyStrictCookieAndNeverShowsTheTokenToTheScript() {
		DashboardBrowser other = new DashboardBrowser(this.api);
		other.openSession();

		Response login = other.login(this.developer.email(), TestDevelopers.PASSWORD);

		String cookie = DashboardBrowser.setCookie(login, "bondify_dev");
		assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=604800").doesNotContain("Secure");
		String token = other.cookie("bondify_dev");
		assertThat(token).startsWith("eyJ");
		assertThat(login.body()).doesNotContain(token);
		assertThat(login.json().has("token")).isFalse();
		assertThat(login.json().get("developer").get("email").asString()).isEqualTo(this.developer.email());
		// A new CSRF token per sign-in, readable by the script (not httpOnly).
		assertThat(DashboardBrowser.setCookie(login, "bondify_csrf")).contains("SameSite=Strict")
			.doesNotContain("HttpOnly");
		assertThat(other.csrf).isEqualTo(other.cookie("bondify_csrf"));
	}

	@Test
	void overHttpsBehindATrustedProxyTheCookiesAreSecureAndHostPrefixed() {
		DashboardBrowser https = new DashboardBrowser(this.api, "X-Forwarded-Proto", "https");
		Response session = https.openSession();
		assertThat(DashboardBrowser.setCookie(session, "__Host-bondify_csrf")).contains("Secure", "Path=/");

		Response login = https.login(this.developer.email(), TestDevelopers.PASSWORD);

		assertThat(DashboardBrowser.setCookie(login, "__Host-bondify_dev")).contains("Secure", "HttpOnly",
				"SameSite=Strict", "Path=/");
		assertThat(DashboardBrowser.setCookies(login)).noneMatch(header -> header.startsWith("bondify_dev="));
		assertThat(https.get("/api/v1/dev/me").status()).isEqualTo(200);
	}

	@Test
	void theCookieAuthenticatesTheDeveloperApiAndTheSessionEndpoint() {
		Response me = this.browser.get("/api/v1/dev/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.field("email")).isEqualTo(this.developer.email());

		Response session = this.browser.get("/dashboard/api/session");
		assertThat(session.json().get("signed_in").asBoolean()).isTrue();
		assertThat(session.json().get("developer").get("id").asString()).isEqualTo(this.developer.id());
		assertThat(session.json().has("token")).isFalse();
	}

	@Test
	void signUpCreatesTheAccountAndSignsIn() {
		DashboardBrowser fresh = new DashboardBrowser(this.api);
		fresh.openSession();
		String email = TestDevelopers.uniqueEmail();

		Response signup = fresh.signup(email, TestDevelopers.PASSWORD);

		assertThat(signup.status()).as(signup.body()).isEqualTo(200);
		assertThat(fresh.get("/api/v1/dev/me").field("email")).isEqualTo(email);
		assertThat(fresh.signup(email, TestDevelopers.PASSWORD).code()).isEqualTo("EMAIL_TAKEN");
	}

	@Test
	void aWrongPasswordIs401AndSetsNoTokenCookie() {
		DashboardBrowser other = new DashboardBrowser(this.api);
		other.openSession();

		Response login = other.login(this.developer.email(), "wrong password here");

		assertThat(login.status()).isEqualTo(401);
		assertThat(login.code()).isEqualTo("UNAUTHORIZED");
		assertThat(DashboardBrowser.setCookie(login, "bondify_dev")).isNull();
		assertThat(other.get("/dashboard/api/session").json().get("signed_in").asBoolean()).isFalse();
	}

	@Test
	void logOutEndsTheCookieAndEveryOtherTokenOfTheAccount() {
		String oldCookie = this.browser.cookie("bondify_dev");

		Response logout = this.browser.post("/dashboard/api/logout", null, true);

		assertThat(logout.status()).isEqualTo(200);
		assertThat(DashboardBrowser.setCookie(logout, "bondify_dev")).contains("Max-Age=0");
		DashboardBrowser replay = new DashboardBrowser(this.api);
		replay.setCookie("bondify_dev", oldCookie);
		Response me = replay.get("/api/v1/dev/me");
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.code()).isEqualTo("UNAUTHORIZED");
		assertThat(replay.get("/dashboard/api/session").json().get("signed_in").asBoolean()).isFalse();
		assertThat(this.api.get("/api/v1/dev/me", this.developer.auth()).status()).isEqualTo(401);
		// Logging in again works, with a token of the new version.
		this.browser.openSession();
		assertThat(this.browser.login(this.developer.email(), TestDevelopers.PASSWORD).status()).isEqualTo(200);
		assertThat(this.browser.get("/api/v1/dev/me").status()).isEqualTo(200);
	}

	@Test
	void aBearerHeaderIsUsedAsSentEvenWithTheCookie() {
		Developer other = this.developers.register();
		Response me = this.browser.send("GET", "/api/v1/dev/me", null, null);
		assertThat(me.field("email")).isEqualTo(this.developer.email());

		Response withHeader = this.api.get("/api/v1/dev/me", "Cookie",
				"bondify_dev=" + this.browser.cookie("bondify_dev"), "Authorization", "Bearer " + other.token());
		assertThat(withHeader.field("email")).isEqualTo(other.email());
	}

	@Test
	void aBearerHeaderNeedsNoCsrfTokenEvenAlongsideTheCookie() {
		long before = count("projects");
		Response created = this.api.post("/api/v1/dev/projects", "{\"name\":\"By header\",\"sandbox\":true}", "Cookie",
				"bondify_dev=" + this.browser.cookie("bondify_dev"), "Authorization",
				"Bearer " + this.developer.token());

		assertThat(created.status()).as(created.body()).isEqualTo(200);
		assertThat(count("projects")).isEqualTo(before + 1);
	}

	@Test
	void aClientLogsOutWithItsBearerHeaderAloneAndThatTokenStopsWorking() {
		Response logout = this.api.post("/dashboard/api/logout", null, "Authorization",
				"Bearer " + this.developer.token());

		assertThat(logout.status()).as(logout.body()).isEqualTo(200);
		assertThat(this.api.get("/api/v1/dev/me", this.developer.auth()).status()).isEqualTo(401);
		assertThat(this.browser.get("/api/v1/dev/me").status()).isEqualTo(401);
	}

	@Nested
	class Csrf {

		private String projectId;

		@BeforeEach
		void project() {
			Response created = DashboardSecurityIntegrationTest.this.browser.send("POST", "/api/v1/dev/projects",
					"{\"name\":\"Kept\",\"sandbox\":true}");
			assertThat(created.status()).as(created.body()).isEqualTo(200);
			this.projectId = created.field("id");
		}

		@ParameterizedTest
		@ValueSource(strings = { "missing", "wrong", "empty" })
		void everyStateChangeWithoutTheRightTokenIs403AndChangesNothing(String csrf) {
			DashboardBrowser browser = DashboardSecurityIntegrationTest.this.browser;
			String header = switch (csrf) {
				case "missing" -> null;
				case "wrong" -> browser.csrf.substring(1) + "x";
				default -> "";
			};
			String keyBefore = secretKey();
			long projectsBefore = count("projects");

			List<Response> answers = List.of(
					browser.send("POST", "/api/v1/dev/projects", "{\"name\":\"Forged\"}", header),
					browser.send("PATCH", "/api/v1/dev/projects/" + this.projectId, "{\"name\":\"Forged\"}", header),
					browser.send("POST", "/api/v1/dev/projects/" + this.projectId + "/regenerate", null, header),
					browser.send("DELETE", "/api/v1/dev/projects/" + this.projectId, null, header),
					browser.send("POST", "/api/v1/dev/projects/" + this.projectId + "/webhook-test", null, header),
					browser.send("POST", "/dashboard/api/logout", null, header),
					browser.send("POST", "/dashboard/api/login",
							ApiClient.json(Map.of("email", DashboardSecurityIntegrationTest.this.developer.email(),
									"password", TestDevelopers.PASSWORD)),
							header),
					browser.send("POST", "//api/v1/dev/projects", "{\"name\":\"Forged\"}", header));

			assertThat(answers).allSatisfy(answer -> {
				assertThat(answer.status()).as(answer.body()).isEqualTo(403);
				assertThat(answer.code()).isEqualTo("FORBIDDEN");
				assertThat(DashboardBrowser.setCookies(answer)).noneMatch(cookie -> cookie.startsWith("bondify_dev="));
			});
			assertThat(count("projects")).isEqualTo(projectsBefore);
			assertThat(secretKey()).isEqualTo(keyBefore);
			Response project = browser.get("/api/v1/dev/projects/" + this.projectId);
			assertThat(project.field("name")).isEqualTo("Kept");
			assertThat(browser.get("/api/v1/dev/me").status()).isEqualTo(200);
		}

		@Test
		void withTheRightTokenTheSameChangesGoThrough() {
			DashboardBrowser browser = DashboardSecurityIntegrationTest.this.browser;
			String keyBefore = secretKey();

			assertThat(browser.send("PATCH", "/api/v1/dev/projects/" + this.projectId, "{\"name\":\"Renamed\"}")
				.field("name")).isEqualTo("Renamed");
			Response regenerated = browser.send("POST", "/api/v1/dev/projects/" + this.projectId + "/regenerate", null);
			assertThat(regenerated.field("secret_key")).startsWith("sk_test_").isNotEqualTo(keyBefore);
			assertThat(browser.send("DELETE", "/api/v1/dev/projects/" + this.projectId, null).status()).isEqualTo(200);
			assertThat(browser.get("/api/v1/dev/projects/" + this.projectId).code()).isEqualTo("PROJECT_NOT_FOUND");
		}

		@Test
		void readsNeedNoToken() {
			assertThat(DashboardSecurityIntegrationTest.this.browser.get("/api/v1/dev/projects").status())
				.isEqualTo(200);
		}

		private String secretKey() {
			return DashboardSecurityIntegrationTest.this.sealer.openText(DashboardSecurityIntegrationTest.this.jdbc
				.queryForObject("select secret_key from projects where id = ?", String.class, this.projectId));
		}

	}

	@Test
	void anotherDevelopersProjectIdsAnswer404ThroughTheCookie() {
		Developer owner = this.developers.register();
		String foreign = this.developers.createProject(owner, "{\"name\":\"Not yours\",\"sandbox\":true}").field("id");
		String base = "/api/v1/dev/projects/" + foreign;

		List<Response> answers = List.of(this.browser.get(base),
				this.browser.send("PATCH", base, "{\"name\":\"Taken over\"}"),
				this.browser.send("POST", base + "/regenerate", null), this.browser.get(base + "/webhook-deliveries"),
				this.browser.send("POST", base + "/webhook-test", null),
				this.browser.get("/api/v1/dev/sessions?project_id=" + foreign),
				this.browser.get("/api/v1/dev/analytics?project_id=" + foreign),
				this.browser.send("DELETE", base, null));

		assertThat(answers).allSatisfy(answer -> {
			assertThat(answer.status()).as(answer.body()).isEqualTo(404);
			assertThat(answer.code()).isEqualTo("PROJECT_NOT_FOUND");
		});
		Response still = this.api.get(base, owner.auth());
		assertThat(still.status()).isEqualTo(200);
		assertThat(still.field("name")).isEqualTo("Not yours");
	}

	private static void assertStrictPolicy(Response response) {
		String policy = response.header("Content-Security-Policy");
		assertThat(policy).isEqualTo(DashboardFilter.CONTENT_SECURITY_POLICY);
		assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
				"frame-ancestors 'none'");
		assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval", "*");
	}

}
