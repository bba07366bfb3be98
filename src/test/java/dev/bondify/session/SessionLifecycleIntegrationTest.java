package dev.bondify.session;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.session.TransitionResult.Outcome;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancel, expiry and binding rules of the session lifecycle, with time moved by the test
 * clock.
 */
class SessionLifecycleIntegrationTest extends IntegrationTest {

	/** The deployment's bot of the test context (its token is {@code 123456:…}). */
	private static final ReceivingBot DEPLOYMENT_BOT = new ReceivingBot(123456, 123456);

	private static final TelegramIdentity ALEX = new TelegramIdentity(1001L, "Alex Johnson", "alexj", null);

	private static final TelegramIdentity EVE = new TelegramIdentity(666L, "Eve", "eve", null);

	@Autowired
	SessionService sessionService;

	@Test
	void cancelledSessionReportsCancelledAtAndCannotBeConfirmed() {
		Project project = this.projects.live();
		String token = generate(project);
		this.clock.set(Instant.parse("2026-11-21T12:00:00.123Z"));

		TransitionResult cancelled = TestSessions.cancel(this.sessionService, this.jdbc, token, null);

		assertThat(cancelled.outcome()).isEqualTo(Outcome.DONE);
		Response response = verify(project, token);
		assertThat(response.body()).isEqualTo("{\"status\":\"cancelled\",\"cancelled_at\":1795262400123}");
		assertThat(TestSessions.confirm(this.sessionService, this.jdbc, token, ALEX).outcome())
			.isEqualTo(Outcome.ALREADY_CANCELLED);
		assertThat(TestSessions.cancel(this.sessionService, this.jdbc, token, null).outcome())
			.isEqualTo(Outcome.ALREADY_CANCELLED);
		assertThat(verify(project, token).field("status")).isEqualTo("cancelled");
	}

	@Test
	void pendingSessionExpiresAfterItsTtlAndCannotBeConfirmedThen() {
		Instant start = Instant.parse("2026-11-21T10:00:00Z");
		this.clock.set(start);
		Project project = this.projects.live();
		Response generated = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + project.getId() + "\"}");
		String token = generated.field("session_token");
		assertThat(generated.json().get("expires_at").asLong())
			.isEqualTo(start.plus(Duration.ofMinutes(10)).toEpochMilli());

		this.clock.set(start.plus(Duration.ofMinutes(10)).minusMillis(1));
		assertThat(verify(project, token).field("status")).isEqualTo("pending");

		this.clock.set(start.plus(Duration.ofMinutes(10)));
		assertThat(verify(project, token).body()).isEqualTo("{\"status\":\"expired\"}");
		String code = linkCode(generated);
		assertThat(this.sessionService.bind(DEPLOYMENT_BOT, code, ALEX.id()).outcome()).isEqualTo(Outcome.EXPIRED);
		assertThat(this.sessionService.confirmFromBot(DEPLOYMENT_BOT, code, ALEX).outcome()).isEqualTo(Outcome.EXPIRED);
		assertThat(this.sessionService.cancelFromBot(DEPLOYMENT_BOT, code, ALEX.id()).outcome())
			.isEqualTo(Outcome.EXPIRED);
		assertThat(storedStatus(token)).isEqualTo("pending");
		assertThat(verify(project, token).field("status")).isEqualTo("expired");
	}

	@Test
	void confirmedSessionWhoseProofIsNotCollectedWithinProofTtlExpires() {
		Instant start = Instant.parse("2026-11-21T10:00:00Z");
		this.clock.set(start);
		Project project = this.projects.live();
		String token = generate(project);
		this.clock.set(start.plusSeconds(30));
		assertThat(TestSessions.confirm(this.sessionService, this.jdbc, token, ALEX).outcome()).isEqualTo(Outcome.DONE);

		this.clock.set(start.plusSeconds(30).plus(Duration.ofMinutes(5)));

		assertThat(verify(project, token).body()).isEqualTo("{\"status\":\"expired\"}");
		assertThat(TestSessions.confirm(this.sessionService, this.jdbc, token, ALEX).outcome())
			.isEqualTo(Outcome.EXPIRED);
		assertThat(storedStatus(token)).isEqualTo("confirmed");
	}

	@Test
	void confirmedSessionIsDeliveredJustBeforeTheProofTtlEnds() {
		Instant start = Instant.parse("2026-11-21T10:00:00Z");
		this.clock.set(start);
		Project project = this.projects.live();
		String token = generate(project);
		TestSessions.confirm(this.sessionService, this.jdbc, token, ALEX);

		this.clock.set(start.plus(Duration.ofMinutes(5)).minusMillis(1));

		Response response = verify(project, token);
		assertThat(response.field("status")).isEqualTo("confirmed");
		assertThat(response.json().get("confirmed_at").asLong()).isEqualTo(start.toEpochMilli());
	}

	@Test
	void sessionBoundToOneTelegramUserRefusesAnother() {
		Project project = this.projects.live();
		Response generated = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + project.getId() + "\"}");
		String token = generated.field("session_token");
		String code = linkCode(generated);

		assertThat(this.sessionService.bind(DEPLOYMENT_BOT, code, ALEX.id()).outcome()).isEqualTo(Outcome.DONE);
		assertThat(this.sessionService.bind(DEPLOYMENT_BOT, code, ALEX.id()).outcome()).as("same user again")
			.isEqualTo(Outcome.DONE);
		assertThat(this.sessionService.bind(DEPLOYMENT_BOT, code, EVE.id()).outcome()).isEqualTo(Outcome.OTHER_USER);
		assertThat(this.sessionService.confirmFromBot(DEPLOYMENT_BOT, code, EVE).outcome())
			.isEqualTo(Outcome.OTHER_USER);
		assertThat(this.sessionService.cancelFromBot(DEPLOYMENT_BOT, code, EVE.id()).outcome())
			.isEqualTo(Outcome.OTHER_USER);
		assertThat(storedStatus(token)).isEqualTo("pending");

		assertThat(this.sessionService.confirmFromBot(DEPLOYMENT_BOT, code, ALEX).outcome()).isEqualTo(Outcome.DONE);
		assertThat(verify(project, token).field("telegram_id")).isEqualTo("1001");
	}

	@Test
	void secondConfirmChangesNothing() {
		Project project = this.projects.live();
		String token = generate(project);
		TestSessions.confirm(this.sessionService, this.jdbc, token, ALEX);

		TransitionResult again = TestSessions.confirm(this.sessionService, this.jdbc, token, EVE);

		assertThat(again.outcome()).isEqualTo(Outcome.ALREADY_CONFIRMED);
		assertThat(TestSessions.cancel(this.sessionService, this.jdbc, token, null).outcome())
			.isEqualTo(Outcome.ALREADY_CONFIRMED);
		assertThat(verify(project, token).field("telegram_name")).isEqualTo("Alex Johnson");
	}

	@Test
	void unknownTokenIsNotFoundForEveryTransition() {
		assertThat(TestSessions.confirm(this.sessionService, this.jdbc, "sess_unknown", ALEX).outcome())
			.isEqualTo(Outcome.NOT_FOUND);
		assertThat(TestSessions.cancel(this.sessionService, this.jdbc, "sess_unknown", null).outcome())
			.isEqualTo(Outcome.NOT_FOUND);
		assertThat(this.sessionService.bind(DEPLOYMENT_BOT, "sess_unknown", 1L).outcome()).isEqualTo(Outcome.NOT_FOUND);
		assertThat(this.sessionService.find("sess_unknown")).isEmpty();
	}

	@Test
	void sessionStoresOnlyTheTokenHashAndTheRequestSource() {
		Project project = this.projects.live();
		Response generated = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + project.getId() + "\"}",
				"Origin", "https://app.example.com", "User-Agent", "TestAgent/1.0", "X-Forwarded-For", "203.0.113.7");
		String token = generated.field("session_token");

		SessionSnapshot snapshot = this.sessionService.find(token).orElseThrow();
		assertThat(snapshot.origin()).isEqualTo("https://app.example.com");
		assertThat(snapshot.clientIp()).isEqualTo("203.0.113.7");
		assertThat(snapshot.userAgent()).isEqualTo("TestAgent/1.0");
		Long rawTokenRows = this.jdbc.queryForObject(
				"select count(*) from auth_sessions where encode(token_hash, 'escape') like ? or token_preview = ?",
				Long.class, "%" + token.substring(5) + "%", token);
		assertThat(rawTokenRows).isZero();
	}

	/** The link code a deeplink carries. */
	private static String linkCode(Response generated) {
		String deeplink = generated.field("deeplink");
		return deeplink.substring(deeplink.indexOf("?start=") + "?start=".length());
	}

	private String generate(Project project) {
		return this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + project.getId() + "\"}")
			.field("session_token");
	}

	private Response verify(Project project, String token) {
		return this.api.post("/api/v1/verify/public",
				"{\"project_id\":\"" + project.getId() + "\",\"session_token\":\"" + token + "\"}");
	}

	private String storedStatus(String token) {
		return this.jdbc.queryForObject("select status from auth_sessions where token_hash = sha256(?::bytea)",
				String.class, token);
	}

}
