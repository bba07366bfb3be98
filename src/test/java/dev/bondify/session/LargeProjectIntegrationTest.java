package dev.bondify.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A project with 200k sessions (seeded by SQL, the 10M run is {@code bench/scale.sh}):
 * every status filter of the session list is answered from an index without walking the
 * project's rows, and a project delete answers at once and leaves the sessions to the
 * background purge, which also finishes what a previous process left.
 */
class LargeProjectIntegrationTest extends IntegrationTest {

	private static final int SESSIONS = 200_000;

	private static final Instant NOW = Instant.parse("2026-06-10T12:00:00Z");

	private static final Pattern REMOVED = Pattern.compile("Rows Removed by (?:Filter|Index Recheck): (\\d+)");

	@Autowired
	private SessionExpiry expiry;

	@Autowired
	private TransactionTemplate transactions;

	private Developer developer;

	private String projectId;

	@BeforeEach
	void largeProject() {
		this.clock.set(NOW);
		this.developer = this.developers.register();
		this.projectId = this.developers.createProject(this.developer, "{\"name\":\"Large\"}").field("id");
	}

	@AfterEach
	void leaveNoLargeProject() {
		// The purge takes the rows away in the background, as after any delete.
		this.jdbc.update("delete from projects where id = ?", this.projectId);
	}

	@Test
	void everyStatusFilterIsAnIndexReadThatSkipsAtMostAFewRows() {
		seed(this.projectId, SESSIONS);
		assertThat(list("pending")).hasSize(6).allMatch((status) -> status.equals("pending"));
		assertThat(list("confirmed")).hasSize(3).allMatch((status) -> status.equals("confirmed"));
		assertThat(list("expired")).hasSize(50).allMatch((status) -> status.equals("expired"));
		assertThat(list("cancelled")).hasSize(50).allMatch((status) -> status.equals("cancelled"));
		assertThat(list("used")).hasSize(50).allMatch((status) -> status.equals("used"));
		assertThat(list("confirmed,used")).hasSize(50).contains("confirmed").allMatch((s) -> !s.equals("pending"));
		for (SessionStatus status : SessionStatus.values()) {
			for (boolean oneProject : new boolean[] { true, false }) {
				String plan = explain(SessionListService.sql(status, oneProject, false));
				assertThat(plan).as(status + " " + plan).doesNotContain("Seq Scan on auth_sessions");
				// Only the session rows count: the developer's projects are a tiny
				// table.
				Matcher removed = REMOVED.matcher(plan.substring(plan.indexOf("auth_sessions")));
				while (removed.find()) {
					assertThat(Long.parseLong(removed.group(1))).as(status + " " + plan).isLessThan(1_000);
				}
			}
		}
		assertThat(explain(SessionListService.sql(null, true, false))).doesNotContain("Seq Scan on auth_sessions");
	}

	@Test
	void deleteAnswersAtOnceAndTheSessionsGoInTheBackground() {
		seed(this.projectId, SESSIONS);
		long started = System.nanoTime();
		Response deleted = this.api.method("DELETE", "/api/v1/dev/projects/" + this.projectId, null,
				this.developer.auth());
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.body()).isEqualTo("{\"ok\":true,\"id\":\"" + this.projectId + "\"}");
		assertThat(sessionsOf(this.projectId)).as("still there: removed in batches after the answer")
			.isGreaterThan(SESSIONS / 2);
		assertThat(took).as("the cascade of 200k rows took many seconds").isLessThan(Duration.ofSeconds(3));
		assertThat(this.api.get("/api/v1/dev/projects/" + this.projectId, this.developer.auth()).code())
			.isEqualTo("PROJECT_NOT_FOUND");
		assertThat(this.api.get("/api/v1/dev/sessions?project_id=" + this.projectId, this.developer.auth()).code())
			.isEqualTo("PROJECT_NOT_FOUND");
		assertThat(this.api.get("/api/v1/dev/sessions", this.developer.auth()).json().get("sessions")).isEmpty();
		awaitPurged(this.projectId);
		assertThat(count("select count(*) from analytics_daily_users where project_id = ?", this.projectId)).isZero();
		assertThat(count("select count(*) from analytics_user_last_day where project_id = ?", this.projectId)).isZero();
		assertThat(count("select count(*) from analytics_developer_user_last_day where developer_id = ?",
				this.developer.id()))
			.as("the developer's users leave with the project's")
			.isZero();
	}

	@Test
	void aPurgeLeftByAnEarlierProcessIsFinished() {
		seed(this.projectId, SESSIONS / 10);
		// As a kill -9 leaves it: the project row is gone, the tombstone and most
		// sessions are still there. Nothing but the database remembers the work.
		this.jdbc.update("delete from projects where id = ?", this.projectId);
		this.jdbc.update("delete from auth_sessions where id in "
				+ "(select id from auth_sessions where project_id = ? limit 1000)", this.projectId);
		assertThat(count("select count(*) from project_purges where project_id = ?", this.projectId)).isOne();
		awaitPurged(this.projectId);
	}

	private void awaitPurged(String projectId) {
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			assertThat(sessionsOf(projectId)).isZero();
			assertThat(count("select count(*) from project_purges where project_id = ?", projectId)).isZero();
		});
	}

	private List<String> list(String status) {
		Response response = this.api.get("/api/v1/dev/sessions?project_id=" + this.projectId + "&status=" + status,
				this.developer.auth());
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		List<String> statuses = new ArrayList<>();
		for (JsonNode item : response.json().get("sessions")) {
			statuses.add(item.get("status").asString());
		}
		return statuses;
	}

	private String explain(String sql) {
		MapSqlParameterSource params = this.expiry.bind(new MapSqlParameterSource(), NOW)
			.addValue("developerId", this.developer.id())
			.addValue("projectId", this.projectId)
			.addValue("limit", 51);
		return String.join("\n", new NamedParameterJdbcTemplate(this.jdbc).queryForList("explain (analyze) " + sql,
				params, String.class));
	}

	private long sessionsOf(String projectId) {
		return count("select count(*) from auth_sessions where project_id = ?", projectId);
	}

	private long count(String sql, String argument) {
		Long count = this.jdbc.queryForObject(sql, Long.class, argument);
		return (count != null) ? count : 0;
	}

	/**
	 * One session every 10 s back from now: 70 % used, 20 % pending long expired, 5 %
	 * cancelled, 5 % confirmed but never collected; then 6 live pending and 3 collectable
	 * confirmed sessions.
	 */
	private void seed(String projectId, int sessions) {
		this.transactions.executeWithoutResult((tx) -> {
			this.jdbc.update(
					"""
							insert into auth_sessions (id, token_hash, token_preview, project_id, status, created_at, expires_at,
							  confirmed_at, cancelled_at, used_at, telegram_id, telegram_name)
							select gen_random_uuid(), sha256(convert_to(? || ':' || i, 'UTF8')), 'sess_seed000', ?,
							  case when i % 20 < 14 then 'used' when i % 20 < 18 then 'pending'
							       when i % 20 = 18 then 'cancelled' else 'confirmed' end,
							  t, t + interval '10 minutes',
							  case when i % 20 < 14 or i % 20 = 19 then t + interval '30 seconds' end,
							  case when i % 20 = 18 then t + interval '20 seconds' end,
							  case when i % 20 < 14 then t + interval '32 seconds' end,
							  case when i % 20 < 14 or i % 20 = 19 then (i % 1000)::text end,
							  case when i % 20 < 14 or i % 20 = 19 then 'User' end
							from generate_series(1, ?) i,
							     lateral (select ?::timestamptz - (? - i + 3600) * interval '10 seconds' as t) x""",
					projectId, projectId, sessions, java.sql.Timestamp.from(NOW), sessions);
			this.jdbc.update(
					"""
							insert into auth_sessions (id, token_hash, token_preview, project_id, status, created_at, expires_at,
							  confirmed_at, telegram_id)
							select gen_random_uuid(), sha256(convert_to(? || ':live:' || i, 'UTF8')), 'sess_live000', ?,
							  case when i <= 6 then 'pending' else 'confirmed' end,
							  ?::timestamptz - i * interval '10 seconds', ?::timestamptz + interval '5 minutes',
							  case when i > 6 then ?::timestamptz - interval '5 seconds' end,
							  case when i > 6 then 'live' || i end
							from generate_series(1, 9) i""",
					projectId, projectId, java.sql.Timestamp.from(NOW), java.sql.Timestamp.from(NOW),
					java.sql.Timestamp.from(NOW));
		});
		this.jdbc.execute("analyze auth_sessions");
	}

}
