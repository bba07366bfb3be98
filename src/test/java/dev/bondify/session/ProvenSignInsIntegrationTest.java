package dev.bondify.session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.WebhookReceiver;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A sign-in proven elsewhere (the exchange endpoint) is one statement, yet it leaves what
 * a bot confirm followed by a verify poll leaves: the same rollups and per-user rows, a
 * {@code used} row a verify repeat answers with the same bytes, the same webhook event
 * (sent), the same counters; a used datum or a deleted project writes nothing.
 */
class ProvenSignInsIntegrationTest extends IntegrationTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final long USER = 700_000_200L;

	static final TelegramIdentity IDENTITY = new TelegramIdentity(USER, "Proven User", "proven", null);

	@Autowired
	ProvenSignIns signIns;

	@Autowired
	SessionService sessionService;

	WebhookReceiver receiver;

	@BeforeEach
	void openReceiver() {
		this.receiver = new WebhookReceiver();
	}

	@AfterEach
	void closeReceiver() {
		this.receiver.close();
	}

	@Test
	void leavesWhatABotConfirmAndAVerifyPollLeave() {
		Project byBot = project("{\"name\":\"By bot\",\"webhook_url\":\"" + this.receiver.url() + "\"}");
		Project proven = project("{\"name\":\"Proven\",\"webhook_url\":\"" + this.receiver.url() + "\"}");
		double confirmed = scraped("bondify_sessions_confirmed_total");
		double delivered = scraped("bondify_sessions_delivered_total");

		String token = this.api.post("/api/v1/generate/public", ApiClient.json(Map.of("project_id", byBot.getId())))
			.field("session_token");
		TestSessions.confirm(this.sessionService, this.jdbc, token, IDENTITY);
		assertThat(verify(byBot, token).status()).isEqualTo(200);
		assertThat(scraped("bondify_sessions_confirmed_total")).isEqualTo(confirmed + 1);
		assertThat(scraped("bondify_sessions_delivered_total")).isEqualTo(delivered + 1);
		VerifyResponse.Confirmed answer = this.signIns
			.signIn(proven, "webapp", IDENTITY, new RequestSource("https://shop.example", "127.0.0.1", "test"), datum())
			.orElseThrow();

		assertThat(footprint(proven.getId())).isEqualTo(footprint(byBot.getId()));
		assertThat(scraped("bondify_sessions_confirmed_total")).isEqualTo(confirmed + 2);
		assertThat(scraped("bondify_sessions_delivered_total")).isEqualTo(delivered + 2);
		assertThat(this.jdbc.queryForMap(
				"select status, source, origin, telegram_id, telegram_name, telegram_username, bound_telegram_id,"
						+ " confirmed_at = used_at and confirmed_at = created_at as one_instant, proof_jti is not null"
						+ " as has_jti, expires_at - created_at as ttl from auth_sessions where project_id = ?",
				proven.getId()))
			.containsEntry("status", "used")
			.containsEntry("source", "webapp")
			.containsEntry("origin", "https://shop.example")
			.containsEntry("telegram_id", Long.toString(USER))
			.containsEntry("telegram_name", "Proven User")
			.containsEntry("telegram_username", "proven")
			.containsEntry("one_instant", true)
			.containsEntry("has_jti", true);
		// The webhook events differ only in project, session and time.
		List<WebhookReceiver.Received> sent = this.receiver.await(2);
		assertThat(sent).extracting(received -> withoutIdentifiers(received.bodyText()))
			.containsOnly(withoutIdentifiers(sent.get(0).bodyText()), withoutIdentifiers(sent.get(1).bodyText()));
		JsonNode event = JSON.readTree(sent.stream()
			.filter(received -> received.bodyText().contains(proven.getId()))
			.findFirst()
			.orElseThrow()
			.bodyText());
		assertThat(event.get("event").asString()).isEqualTo("auth.confirmed");
		assertThat(event.get("confirmed_at").asLong()).isEqualTo(answer.confirmedAt());
		assertThat(event.get("session_token").asString()).isEqualTo(sessionToken(answer));

		// Inside the grace window a poll with the proof's session token is answered with
		// the very same bytes: the row is the one a delivery writes.
		Response repeat = verify(proven, sessionToken(answer));
		assertThat(repeat.status()).isEqualTo(200);
		ObjectNode expected = JSON.createObjectNode()
			.put("status", "confirmed")
			.put("telegram_id", answer.telegramId())
			.put("telegram_name", answer.telegramName())
			.put("telegram_username", answer.telegramUsername())
			.putNull("telegram_phone")
			.put("confirmed_at", answer.confirmedAt())
			.put("proof", answer.proof());
		assertThat(repeat.json()).isEqualTo(expected);
	}

	@Test
	void aUsedDatumWritesNothingAndAnswersEmpty() {
		Project project = project("{\"name\":\"Replay\",\"webhook_url\":\"" + this.receiver.url() + "\"}");
		SingleUseDatum datum = datum();
		assertThat(signIn(project, datum)).isPresent();
		Map<String, Object> before = footprint(project.getId());
		long deliveries = count("webhook_deliveries");

		assertThat(signIn(project, datum)).isEmpty();

		assertThat(footprint(project.getId())).isEqualTo(before);
		assertThat(count("webhook_deliveries")).isEqualTo(deliveries);
		assertThat(this.jdbc.queryForObject("select count(*) from auth_sessions where project_id = ?", Long.class,
				project.getId()))
			.isEqualTo(1);
	}

	@Test
	void aProjectWithoutWebhookQueuesNoEvent() {
		Project project = project("{\"name\":\"No webhook\"}");
		long deliveries = count("webhook_deliveries");

		assertThat(signIn(project, datum())).isPresent();

		assertThat(count("webhook_deliveries")).isEqualTo(deliveries);
		assertThat(footprint(project.getId())).containsEntry("counts",
				List.of(Map.of("sessions", 1L, "confirmed", 1L, "used", 1L, "cancelled", 0L)));
	}

	@Test
	void aWebhookUrlSetSinceTheProjectWasReadStillGetsTheEvent() {
		Project project = project("{\"name\":\"Hook set later\"}");
		this.jdbc.update("update projects set webhook_url = ? where id = ?", this.receiver.url(), project.getId());

		VerifyResponse.Confirmed answer = signIn(project, datum()).orElseThrow();

		assertThat(deliveries(project)).isEqualTo(1);
		JsonNode event = JSON.readTree(this.receiver.await(1).get(0).bodyText());
		assertThat(event.get("session_token").asString()).isEqualTo(sessionToken(answer));
		assertThat(this.jdbc.queryForObject("select count(*) from auth_sessions where project_id = ?", Long.class,
				project.getId()))
			.isEqualTo(1);
	}

	@Test
	void aWebhookUrlRemovedSinceTheProjectWasReadGetsNoEvent() {
		Project project = project("{\"name\":\"Hook removed\",\"webhook_url\":\"" + this.receiver.url() + "\"}");
		this.jdbc.update("update projects set webhook_url = null where id = ?", project.getId());

		assertThat(signIn(project, datum())).isPresent();

		assertThat(deliveries(project)).isZero();
	}

	private long deliveries(Project project) {
		return this.jdbc.queryForObject("select count(*) from webhook_deliveries where project_id = ?", Long.class,
				project.getId());
	}

	@Test
	void aProjectDeletedMeanwhileIsNotFoundAndLeavesTheDatumUnused() {
		Project project = project("{\"name\":\"Deleted\"}");
		SingleUseDatum datum = datum();
		long used = count("exchange_used_data");
		this.jdbc.update("delete from projects where id = ?", project.getId());

		assertThatThrownBy(() -> signIn(project, datum)).isInstanceOfSatisfying(ApiException.class,
				ex -> assertThat(ex.code()).isEqualTo(ErrorCode.PROJECT_NOT_FOUND));

		assertThat(count("exchange_used_data")).isEqualTo(used);
		assertThat(this.jdbc.queryForObject("select count(*) from auth_sessions where project_id = ?", Long.class,
				project.getId()))
			.isZero();
	}

	private java.util.Optional<VerifyResponse.Confirmed> signIn(Project project, SingleUseDatum datum) {
		return this.signIns.signIn(project, "webapp", IDENTITY, new RequestSource(null, "127.0.0.1", null), datum);
	}

	private Project project(String json) {
		String id = this.developers.createProject(this.developers.register(), json).field("id");
		return this.projectRepository.findById(id).orElseThrow();
	}

	private SingleUseDatum datum() {
		byte[] hash = new byte[32];
		ThreadLocalRandom.current().nextBytes(hash);
		return new SingleUseDatum(hash, this.clock.instant().plus(Duration.ofMinutes(5)));
	}

	/**
	 * What a sign-in leaves in the rollups (folded or not) of its project and of the
	 * project's developer, with the ids left out.
	 */
	private Map<String, Object> footprint(String projectId) {
		return Map.of("counts", this.jdbc.queryForList("""
				select sum(sessions)::bigint as sessions, sum(confirmed)::bigint as confirmed,
				       sum(used)::bigint as used, sum(cancelled)::bigint as cancelled
				from analytics_daily where project_id = ?""", projectId), "users", this.jdbc.queryForList("""
				select telegram_id, sessions from analytics_daily_users where project_id = ?""", projectId), "unique",
				this.jdbc.queryForList("""
						select sum(users)::bigint as users from analytics_daily_unique where project_id = ?""",
						projectId),
				"developerUsers", this.jdbc.queryForList("""
						select u.telegram_id, u.projects from analytics_developer_daily_users u
						join projects p on p.developer_id = u.developer_id where p.id = ?""", projectId),
				"developerUnique", this.jdbc.queryForList("""
						select sum(u.users)::bigint as users from analytics_developer_daily_unique u
						join projects p on p.developer_id = u.developer_id where p.id = ?""", projectId), "lastDay",
				this.jdbc.queryForList("""
						select telegram_id, last_day from analytics_user_last_day where project_id = ?""", projectId));
	}

	private Response verify(Project project, String token) {
		return this.api.post("/api/v1/verify/public",
				ApiClient.json(Map.of("project_id", project.getId(), "session_token", token)));
	}

	private static String sessionToken(VerifyResponse.Confirmed answer) {
		String payload = answer.proof().split("\\.")[1];
		return JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8))
			.get("session_token")
			.asString();
	}

	private static JsonNode withoutIdentifiers(String body) {
		ObjectNode event = (ObjectNode) JSON.readTree(body);
		event.remove(List.of("project_id", "session_token", "confirmed_at"));
		return event;
	}

	private double scraped(String name) {
		return scrape().body()
			.lines()
			.filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

}
