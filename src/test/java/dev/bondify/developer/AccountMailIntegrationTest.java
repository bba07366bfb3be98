package dev.bondify.developer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDevelopers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * E-mail verification and password reset against a real SMTP server in-process
 * (GreenMail): the mail arrives, its link works once, a used or expired link fails, an
 * unknown address gets the same answer and no mail, and a dead SMTP server changes
 * neither the answer nor its status.
 */
@TestPropertySource(properties = { "spring.mail.host=127.0.0.1", "bondify.mail.from=bondify@example.com",
		"bondify.public-url=https://bondify.example" })
class AccountMailIntegrationTest extends IntegrationTest {

	private static final int SMTP_PORT = freePort();

	private static final GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));

	private static final Pattern LINK = Pattern
		.compile("https://bondify\\.example(/dashboard/(?:verify-email|reset-password))\\?token=([A-Za-z0-9_-]{43})");

	private static final String RESET = "Reset your Bondify password";

	private static final String NEW_PASSWORD = "tangerine viaduct morsel quilt";

	@DynamicPropertySource
	static void smtpServer(DynamicPropertyRegistry registry) {
		if (!smtp.isRunning()) {
			smtp.start();
		}
		registry.add("spring.mail.port", () -> SMTP_PORT);
	}

	@AfterAll
	static void stopSmtp() {
		smtp.stop();
	}

	@BeforeEach
	void emptyInboxes() throws Exception {
		if (!smtp.isRunning()) {
			smtp.start();
		}
		smtp.purgeEmailFromAllMailboxes();
	}

	@Test
	void signUpSendsAVerificationLinkAndOnlyAVerifiedAddressCreatesLiveProjects() throws Exception {
		TestDevelopers.Developer developer = this.developers.register();
		String[] link = linkFromMailTo(developer.email(), "Confirm your e-mail address for Bondify");
		assertThat(link[0]).isEqualTo("/dashboard/verify-email");
		Response live = createProject(developer, false);
		assertThat(live.status()).isEqualTo(403);
		assertThat(live.code()).isEqualTo("FORBIDDEN");
		assertThat(live.field("error")).contains("Confirm your e-mail address").contains("Sandbox projects work");
		assertThat(createProject(developer, true).status()).isEqualTo(200);
		// Opening the link changes nothing (mail scanners open links too); the button
		// does.
		Response page = this.api.get(link[0] + "?token=" + link[1]);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("Confirm my address").contains("value=\"" + link[1] + "\"");
		assertThat(this.api.get(link[0] + "?token=" + link[1]).body()).contains("Confirm my address");
		Response confirmed = form(link[0], Map.of("token", link[1]));
		assertThat(confirmed.status()).isEqualTo(200);
		assertThat(confirmed.body()).contains("E-mail address confirmed");
		assertThat(createProject(developer, false).status()).isEqualTo(200);
		Response again = form(link[0], Map.of("token", link[1]));
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.body()).contains("This link does not work");
	}

	@Test
	void resetLinkSetsANewPasswordOnceAndRevokesEveryOlderToken() throws Exception {
		TestDevelopers.Developer developer = this.developers.register();
		Response asked = requestReset(developer.email().toUpperCase(java.util.Locale.ROOT));
		assertThat(asked.status()).isEqualTo(200);
		assertThat(asked.body()).isEqualTo("{\"ok\":true}");
		String[] link = linkFromMailTo(developer.email(), RESET);
		assertThat(link[0]).isEqualTo("/dashboard/reset-password");
		// A weak choice is refused and does not burn the link.
		Response weak = confirm(link[1], "password123");
		assertThat(weak.status()).isEqualTo(400);
		assertThat(weak.field("error")).contains("passphrase");
		Response reset = confirm(link[1], NEW_PASSWORD);
		assertThat(reset.status()).as(reset.body()).isEqualTo(200);
		assertThat(reset.json().propertyNames()).containsExactlyInAnyOrder("token", "expires_at");
		assertThat(me(developer.token())).isEqualTo(401);
		assertThat(me(reset.field("token"))).isEqualTo(200);
		assertThat(login(developer.email(), TestDevelopers.PASSWORD)).isEqualTo(401);
		assertThat(login(developer.email(), NEW_PASSWORD)).isEqualTo(200);
		Response reused = confirm(link[1], "obsidian lantern pickle harbor");
		assertThat(reused.status()).isEqualTo(401);
		assertThat(reused.code()).isEqualTo("UNAUTHORIZED");
		assertThat(login(developer.email(), NEW_PASSWORD)).isEqualTo(200);
		// The mailed link proved the address.
		assertThat(createProject(new TestDevelopers.Developer(developer.id(), developer.email(), reset.field("token")),
				false)
			.status()).isEqualTo(200);
	}

	@Test
	void anExpiredResetLinkFailsOnThePageAndOverTheApi() throws Exception {
		TestDevelopers.Developer developer = this.developers.register();
		requestReset(developer.email());
		String[] link = linkFromMailTo(developer.email(), RESET);
		Response page = this.api.get(link[0] + "?token=" + link[1]);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("Choose a new password");
		this.clock.advance(Duration.ofMinutes(31));
		assertThat(this.api.get(link[0] + "?token=" + link[1]).body()).contains("This link does not work");
		Response expired = form(link[0],
				Map.of("token", link[1], "new_password", NEW_PASSWORD, "confirm_password", NEW_PASSWORD));
		assertThat(expired.status()).isEqualTo(401);
		assertThat(confirm(link[1], NEW_PASSWORD).status()).isEqualTo(401);
		assertThat(me(developer.token())).isEqualTo(200);
	}

	@Test
	void theResetPageSetsThePasswordWithTwoMatchingEntries() throws Exception {
		TestDevelopers.Developer developer = this.developers.register();
		requestReset(developer.email());
		String[] link = linkFromMailTo(developer.email(), RESET);
		Response differ = form(link[0],
				Map.of("token", link[1], "new_password", NEW_PASSWORD, "confirm_password", NEW_PASSWORD + "x"));
		assertThat(differ.status()).isEqualTo(400);
		assertThat(differ.body()).contains("The two passwords differ");
		Response done = form(link[0],
				Map.of("token", link[1], "new_password", NEW_PASSWORD, "confirm_password", NEW_PASSWORD));
		assertThat(done.status()).isEqualTo(200);
		assertThat(done.body()).contains("Password changed").doesNotContain(link[1]);
		assertThat(login(developer.email(), NEW_PASSWORD)).isEqualTo(200);
	}

	@Test
	void anUnknownAddressGetsTheSameAnswerAndNoMail() throws Exception {
		TestDevelopers.Developer developer = this.developers.register();
		Response unknown = requestReset(TestDevelopers.uniqueEmail());
		Response known = requestReset(developer.email());
		assertThat(unknown.status()).isEqualTo(known.status()).isEqualTo(200);
		assertThat(unknown.body()).isEqualTo(known.body());
		linkFromMailTo(developer.email(), RESET);
		assertThat(Arrays.stream(smtp.getReceivedMessages()).filter((m) -> isTo(m, developer.email(), RESET)))
			.hasSize(1);
		assertThat(smtp.getReceivedMessages()).allMatch((m) -> isTo(m, developer.email(), RESET)
				|| isTo(m, developer.email(), "Confirm your e-mail address for Bondify"));
		// A second request within the minute sends nothing more (no inbox flooding), yet
		// answers the same.
		assertThat(requestReset(developer.email()).body()).isEqualTo("{\"ok\":true}");
		assertThat(requestReset("not-an-address").code()).isEqualTo("INVALID_REQUEST");
	}

	@Test
	void everyAccountFormCarriesTheCsrfTokenAndAPostWithoutItChangesNothing() throws Exception {
		TestDevelopers.Developer developer = this.developers.register();
		String[] verifyLink = linkFromMailTo(developer.email(), "Confirm your e-mail address for Bondify");
		requestReset(developer.email());
		String[] resetLink = linkFromMailTo(developer.email(), RESET);
		Response verifyPage = this.api.get(verifyLink[0] + "?token=" + verifyLink[1]);
		Response resetPage = this.api.get(resetLink[0] + "?token=" + resetLink[1]);
		Response forgotPage = this.api.get("/dashboard/forgot-password");
		for (Response page : java.util.List.of(verifyPage, resetPage, forgotPage)) {
			assertThat(page.body()).contains("name=\"_csrf\" value=\"" + csrfCookie(page) + "\"");
		}
		String cookie = "bondify_csrf=" + csrfCookie(resetPage);
		Map<String, String> reset = Map.of("token", resetLink[1], "new_password", NEW_PASSWORD, "confirm_password",
				NEW_PASSWORD);
		int mailsBefore = smtp.getReceivedMessages().length;

		java.util.List<Response> refused = java.util.List.of(
				post(verifyLink[0], Map.of("token", verifyLink[1]), cookie),
				post(verifyLink[0], Map.of("token", verifyLink[1], "_csrf", "forged"), cookie),
				post(verifyLink[0], Map.of("token", verifyLink[1], "_csrf", csrfCookie(resetPage)), null),
				post(resetLink[0], reset, cookie), post(resetLink[0], reset, null),
				post("/dashboard/forgot-password", Map.of("email", developer.email()), cookie));

		assertThat(refused).allSatisfy((answer) -> {
			assertThat(answer.status()).as(answer.body()).isEqualTo(403);
			assertThat(answer.code()).isEqualTo("FORBIDDEN");
		});
		assertThat(login(developer.email(), TestDevelopers.PASSWORD)).isEqualTo(200);
		assertThat(createProject(developer, false).status()).isEqualTo(403);
		assertThat(smtp.getReceivedMessages()).hasSize(mailsBefore);
		// The links were not used up: with the token the same posts go through.
		assertThat(form(verifyLink[0], Map.of("token", verifyLink[1])).body()).contains("E-mail address confirmed");
		assertThat(form(resetLink[0], reset).status()).isEqualTo(200);
		assertThat(login(developer.email(), NEW_PASSWORD)).isEqualTo(200);
	}

	@Test
	void theForgotPasswordPageMailsALinkAndSaysTheSameForAnyAddress() throws Exception {
		TestDevelopers.Developer developer = this.developers.register();
		assertThat(this.api.get("/dashboard/forgot-password").body()).contains("Forgot your password?");
		Response unknown = form("/dashboard/forgot-password", Map.of("email", TestDevelopers.uniqueEmail()));
		Response known = form("/dashboard/forgot-password", Map.of("email", developer.email()));
		assertThat(known.status()).isEqualTo(unknown.status()).isEqualTo(200);
		assertThat(known.body()).isEqualTo(unknown.body()).contains("Check your inbox");
		assertThat(linkFromMailTo(developer.email(), RESET)[0]).isEqualTo("/dashboard/reset-password");
		assertThat(this.api.get("/dashboard/api/session").json().get("password_reset").asBoolean()).isTrue();
	}

	@Test
	void aDeadSmtpServerChangesNeitherTheAnswerNorTheStatus() throws Exception {
		TestDevelopers.Developer developer = this.developers.register();
		smtp.stop();
		Response known = requestReset(developer.email());
		Response unknown = requestReset(TestDevelopers.uniqueEmail());
		assertThat(known.status()).isEqualTo(200);
		assertThat(known.body()).isEqualTo(unknown.body()).isEqualTo("{\"ok\":true}");
		assertThat(this.developers.register()).isNotNull();
	}

	private String[] linkFromMailTo(String email, String subject) throws Exception {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Arrays.stream(smtp.getReceivedMessages()).anyMatch((m) -> isTo(m, email, subject)));
		MimeMessage message = Arrays.stream(smtp.getReceivedMessages())
			.filter((m) -> isTo(m, email, subject))
			.findFirst()
			.orElseThrow();
		assertThat(message.getFrom()[0].toString()).isEqualTo("bondify@example.com");
		Matcher matcher = LINK.matcher((String) message.getContent());
		assertThat(matcher.find()).as((String) message.getContent()).isTrue();
		return new String[] { matcher.group(1), matcher.group(2) };
	}

	private static boolean isTo(MimeMessage message, String email, String subject) {
		try {
			return message.getRecipients(Message.RecipientType.TO)[0].toString().equalsIgnoreCase(email)
					&& subject.equals(message.getSubject());
		}
		catch (Exception ex) {
			return false;
		}
	}

	private Response createProject(TestDevelopers.Developer developer, boolean sandbox) {
		return this.api.post("/api/v1/dev/projects", "{\"name\":\"Mail test\",\"sandbox\":" + sandbox + "}",
				developer.auth());
	}

	private Response requestReset(String email) {
		return this.api.post("/api/v1/dev/password/reset", ApiClient.json(Map.of("email", email)));
	}

	private Response confirm(String token, String password) {
		return this.api.post("/api/v1/dev/password/reset/confirm",
				ApiClient.json(Map.of("token", token, "new_password", password)));
	}

	/**
	 * Posts the form as a browser does: the page is opened first (which sets the CSRF
	 * cookie), and the post carries the cookie and the token field.
	 */
	private Response form(String path, Map<String, String> fields) {
		String csrf = csrfCookie(this.api.get(path));
		Map<String, String> withToken = new java.util.LinkedHashMap<>(fields);
		withToken.put("_csrf", csrf);
		return post(path, withToken, "bondify_csrf=" + csrf);
	}

	private Response post(String path, Map<String, String> fields, String cookie) {
		StringBuilder body = new StringBuilder();
		fields.forEach((name, value) -> body.append((body.length() > 0) ? "&" : "")
			.append(name)
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
		String[] headers = (cookie != null)
				? new String[] { "Content-Type", "application/x-www-form-urlencoded", "Cookie", cookie }
				: new String[] { "Content-Type", "application/x-www-form-urlencoded" };
		return this.api
			.send(this.api.request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body.toString())));
	}

	private static String csrfCookie(Response page) {
		String header = page.raw()
			.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((value) -> value.startsWith("bondify_csrf="))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no CSRF cookie on " + page.raw().uri()));
		return header.substring("bondify_csrf=".length(), header.indexOf(';'));
	}

	private int login(String email, String password) {
		return this.api.post("/api/v1/dev/login", ApiClient.json(Map.of("email", email, "password", password)))
			.status();
	}

	private int me(String token) {
		return this.api.get("/api/v1/dev/me", "Authorization", "Bearer " + token).status();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
