package dev.bondify.developer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDevelopers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/dev/password} and {@code POST /api/v1/dev/logout}: what stops
 * working, what keeps working, and what a wrong or weak input changes (nothing).
 */
class PasswordChangeIntegrationTest extends IntegrationTest {

	private static final String NEW_PASSWORD = "tangerine viaduct morsel quilt";

	private TestDevelopers.Developer developer;

	private String secondToken;

	@BeforeEach
	void registerAndSignInTwice() {
		this.developer = this.developers.register();
		this.secondToken = login(TestDevelopers.PASSWORD).field("token");
	}

	@Test
	void changeRevokesEveryOtherTokenAndAnswersAFreshOne() {
		Response changed = change(this.developer.token(), TestDevelopers.PASSWORD, NEW_PASSWORD);
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		assertThat(changed.json().propertyNames()).containsExactlyInAnyOrder("token", "expires_at");
		String fresh = changed.field("token");
		assertThat(me(this.developer.token()).status()).isEqualTo(401);
		assertThat(me(this.secondToken).status()).isEqualTo(401);
		assertThat(me(fresh).status()).isEqualTo(200);
		assertThat(login(TestDevelopers.PASSWORD).status()).isEqualTo(401);
		assertThat(login(NEW_PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void logoutRevokesEveryTokenOfTheAccountAtOnce() {
		Response out = this.api.post("/api/v1/dev/logout", null, this.developer.auth());
		assertThat(out.status()).as(out.body()).isEqualTo(200);
		assertThat(out.body()).isEqualTo("{\"ok\":true}");
		assertThat(me(this.developer.token()).status()).isEqualTo(401);
		assertThat(me(this.secondToken).status()).isEqualTo(401);
		assertThat(this.api.post("/api/v1/dev/logout", null, this.developer.auth()).code()).isEqualTo("UNAUTHORIZED");
		// The password still works: log-out is not a lock-out.
		assertThat(login(TestDevelopers.PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void dashboardLogoutWithABearerHeaderRevokesThatToken() {
		Response session = this.api.get("/dashboard/api/session");
		String csrf = session.field("csrf_token");
		String cookie = session.header("Set-Cookie").split(";", 2)[0];
		Response out = this.api.post("/dashboard/api/logout", null, "Cookie", cookie, "X-CSRF-Token", csrf,
				"Authorization", "Bearer " + this.developer.token());
		assertThat(out.status()).as(out.body()).isEqualTo(200);
		assertThat(me(this.developer.token()).status()).isEqualTo(401);
		assertThat(me(this.secondToken).status()).isEqualTo(401);
	}

	@Test
	void dashboardPasswordPageChangesThePasswordAndKeepsOnlyItsOwnCookieSignedIn() {
		Response session = this.api.get("/dashboard/api/session");
		String csrfCookie = session.header("Set-Cookie").split(";", 2)[0];
		String csrf = session.field("csrf_token");
		Response signedIn = this.api.post("/dashboard/api/login",
				ApiClient.json(java.util.Map.of("email", this.developer.email(), "password", TestDevelopers.PASSWORD)),
				"Cookie", csrfCookie, "X-CSRF-Token", csrf);
		assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
		String tokenCookie = signedIn.raw()
			.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith("bondify_dev="))
			.findFirst()
			.orElseThrow()
			.split(";", 2)[0];
		String newCsrf = signedIn.field("csrf_token");
		String cookies = tokenCookie + "; bondify_csrf=" + newCsrf;
		Response wrong = this.api.post("/dashboard/api/password",
				ApiClient.json(
						java.util.Map.of("current_password", "not the password at all", "new_password", NEW_PASSWORD)),
				"Cookie", cookies, "X-CSRF-Token", newCsrf);
		assertThat(wrong.status()).isEqualTo(401);
		Response withoutCsrf = this.api.post("/dashboard/api/password",
				ApiClient
					.json(java.util.Map.of("current_password", TestDevelopers.PASSWORD, "new_password", NEW_PASSWORD)),
				"Cookie", cookies);
		assertThat(withoutCsrf.status()).isEqualTo(403);
		Response changed = this.api.post("/dashboard/api/password",
				ApiClient
					.json(java.util.Map.of("current_password", TestDevelopers.PASSWORD, "new_password", NEW_PASSWORD)),
				"Cookie", cookies, "X-CSRF-Token", newCsrf);
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		assertThat(changed.body()).isEqualTo("{\"ok\":true}").doesNotContain("token\"");
		String renewed = changed.raw()
			.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith("bondify_dev="))
			.findFirst()
			.orElseThrow()
			.split(";", 2)[0];
		assertThat(this.api.get("/api/v1/dev/me", "Cookie", tokenCookie).status()).isEqualTo(401);
		assertThat(this.api.get("/api/v1/dev/me", "Cookie", renewed).status()).isEqualTo(200);
		assertThat(me(this.developer.token()).status()).isEqualTo(401);
		assertThat(login(NEW_PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void twoConcurrentChangesFromTheSamePasswordLetExactlyOneWin() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Callable<Response>> calls = new ArrayList<>();
			calls.add(() -> change(this.developer.token(), TestDevelopers.PASSWORD, NEW_PASSWORD));
			calls.add(() -> change(this.secondToken, TestDevelopers.PASSWORD, "obsidian lantern pickle harbor"));
			List<Integer> statuses = new ArrayList<>();
			for (Future<Response> result : pool.invokeAll(calls)) {
				statuses.add(result.get().status());
			}
			assertThat(statuses).containsExactlyInAnyOrder(200, 401);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.jdbc.queryForObject("select token_version from developers where id = ?", Integer.class,
				this.developer.id()))
			.isEqualTo(1);
	}

	@Test
	void withoutSmtpResetRoutesAre404AndEveryAccountMayCreateLiveProjects() {
		Response reset = this.api.post("/api/v1/dev/password/reset", "{\"email\":\"" + this.developer.email() + "\"}");
		assertThat(reset.status()).isEqualTo(404);
		assertThat(reset.code()).isEqualTo("NOT_FOUND");
		Response confirm = this.api.post("/api/v1/dev/password/reset/confirm",
				"{\"token\":\"abc\",\"new_password\":\"" + NEW_PASSWORD + "\"}");
		assertThat(confirm.code()).isEqualTo("NOT_FOUND");
		assertThat(this.api.get("/dashboard/reset-password?token=abc").status()).isEqualTo(404);
		assertThat(this.api.post("/api/v1/dev/projects", "{\"name\":\"Live\"}", this.developer.auth()).status())
			.isEqualTo(200);
	}

	@Nested
	class Refused {

		@Test
		void wrongCurrentPasswordIs401AndChangesNothing() {
			Response wrong = change(PasswordChangeIntegrationTest.this.developer.token(), "not the password at all",
					NEW_PASSWORD);
			assertThat(wrong.status()).isEqualTo(401);
			assertThat(wrong.code()).isEqualTo("UNAUTHORIZED");
			assertUnchanged();
		}

		@Test
		void weakNewPasswordIs400WithAdviceAndChangesNothing() {
			Response weak = change(PasswordChangeIntegrationTest.this.developer.token(), TestDevelopers.PASSWORD,
					"qwertyuiop");
			assertThat(weak.status()).isEqualTo(400);
			assertThat(weak.code()).isEqualTo("INVALID_REQUEST");
			assertThat(weak.field("error")).contains("passphrase of several unrelated words");
			assertUnchanged();
		}

		@Test
		void missingFieldsAndNoTokenAreRefused() {
			Response missing = PasswordChangeIntegrationTest.this.api.post("/api/v1/dev/password",
					"{\"new_password\":\"" + NEW_PASSWORD + "\"}", PasswordChangeIntegrationTest.this.developer.auth());
			assertThat(missing.code()).isEqualTo("INVALID_REQUEST");
			Response anonymous = PasswordChangeIntegrationTest.this.api.post("/api/v1/dev/password", ApiClient
				.json(java.util.Map.of("current_password", TestDevelopers.PASSWORD, "new_password", NEW_PASSWORD)));
			assertThat(anonymous.status()).isEqualTo(401);
			assertThat(PasswordChangeIntegrationTest.this.api.post("/api/v1/dev/logout", null).status()).isEqualTo(401);
			assertUnchanged();
		}

		@Test
		void guessingTheCurrentPasswordIsRateLimitedLikeLogin() {
			// 10 a minute, refilled continuously: on a slow machine a guess or two refill
			// while the bcrypt checks run, so the 429 comes within a few more.
			List<Integer> statuses = new ArrayList<>();
			Response last = null;
			for (int i = 0; i < 20 && (last == null || last.status() != 429); i++) {
				last = change(PasswordChangeIntegrationTest.this.developer.token(), "wrong guess number " + i,
						NEW_PASSWORD);
				statuses.add(last.status());
			}
			assertThat(statuses.subList(0, 10)).containsOnly(401);
			assertThat(last.status()).isEqualTo(429);
			assertThat(last.header("Retry-After")).isNotNull();
			assertUnchanged();
		}

		private void assertUnchanged() {
			assertThat(me(PasswordChangeIntegrationTest.this.developer.token()).status()).isEqualTo(200);
			assertThat(me(PasswordChangeIntegrationTest.this.secondToken).status()).isEqualTo(200);
		}

	}

	private Response change(String token, String current, String next) {
		return this.api.post("/api/v1/dev/password",
				ApiClient.json(java.util.Map.of("current_password", current, "new_password", next)), "Authorization",
				"Bearer " + token);
	}

	private Response login(String password) {
		return this.api.post("/api/v1/dev/login",
				ApiClient.json(java.util.Map.of("email", this.developer.email(), "password", password)));
	}

	private Response me(String token) {
		return this.api.get("/api/v1/dev/me", "Authorization", "Bearer " + token);
	}

}
