package dev.bondify.developer;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bondify.support.IntegrationTest;
import dev.bondify.support.SessionRows;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/dev/me}: the seed's fields plus the SDK's {@code developer} object,
 * whose {@code mau.current} counts distinct Telegram ids confirmed in the developer's
 * projects this UTC month.
 */
class DeveloperMeIntegrationTest extends IntegrationTest {

	private static final Instant NOW = Instant.parse("2026-05-20T12:00:00Z");

	private static final Instant MONTH_START = Instant.parse("2026-05-01T00:00:00Z");

	@Autowired
	private PlatformTransactionManager transactionManager;

	private Developer developer;

	private SessionRows rows;

	@BeforeEach
	void developer() {
		this.clock.set(NOW);
		this.developer = this.developers.register();
		this.rows = new SessionRows(this.jdbc);
	}

	@Test
	void meKeepsTheSeedFieldsAndAddsTheSdkDeveloper() {
		JsonNode me = me();
		assertThat(me.get("id").asString()).isEqualTo(this.developer.id());
		assertThat(me.get("email").asString()).isEqualTo(this.developer.email());
		assertThat(me.get("created_at").asString()).isEqualTo("2026-05-20T12:00:00.000Z");
		JsonNode developer = me.get("developer");
		assertThat(developer.get("developer_id").asString()).isEqualTo(this.developer.id());
		assertThat(developer.get("email").asString()).isEqualTo(this.developer.email());
		assertThat(developer.get("plan").asString()).as("self-hosting is the business tier").isEqualTo("business");
		assertThat(developer.get("mau").get("current").asLong()).isZero();
		assertThat(developer.get("mau").get("limit").asLong()).as("unlimited").isEqualTo(2147483647L);
		assertThat(developer.get("mau").get("over").asLong()).isZero();
	}

	@Test
	void mauCountsDistinctTelegramIdsConfirmedThisUtcMonthAcrossTheDevelopersProjects() {
		String appA = this.developers.createProject(this.developer, "{\"name\":\"A\"}").field("id");
		String appB = this.developers.createProject(this.developer, "{\"name\":\"B\"}").field("id");
		this.rows.confirmed(appA, NOW.minusSeconds(3600), "1001");
		this.rows.used(appA, NOW.minusSeconds(60), "1001");
		this.rows.used(appB, NOW.minusSeconds(120), "1001");
		this.rows.used(appB, MONTH_START, "1002");
		this.rows.confirmed(appB, NOW.minusSeconds(30), "1003");
		// Not counted: last month (confirmed 30 s after creation, still April), no
		// identity,
		// another developer's project.
		this.rows.used(appA, MONTH_START.minusSeconds(31), "2001");
		this.rows.pending(appA, NOW);
		this.rows.cancelled(appA, NOW);
		Developer other = this.developers.register();
		String foreign = this.developers.createProject(other, "{\"name\":\"Other\"}").field("id");
		this.rows.used(foreign, NOW.minusSeconds(60), "3001");

		JsonNode mau = me().get("developer").get("mau");
		assertThat(mau.get("current").asLong()).isEqualTo(3);
		assertThat(mau.get("over").asLong()).isZero();
	}

	@Test
	void mauStartsAgainAtTheUtcMonthBoundary() {
		this.clock.set(Instant.parse("2026-05-31T23:00:00Z"));
		this.developer = this.developers.register();
		String app = this.developers.createProject(this.developer, "{\"name\":\"A\"}").field("id");
		this.rows.used(app, Instant.parse("2026-05-31T23:59:00Z"), "1001");
		this.clock.set(Instant.parse("2026-05-31T23:59:59Z"));
		assertThat(me().get("developer").get("mau").get("current").asLong()).isEqualTo(1);
		this.clock.set(Instant.parse("2026-06-01T00:00:00Z"));
		assertThat(me().get("developer").get("mau").get("current").asLong()).isZero();
	}

	@Test
	void mauIsCountedFromTheRollupsWithoutReadingTheSessions() {
		String plan = new TransactionTemplate(this.transactionManager).execute(tx -> {
			// Tiny test tables make a sequential scan cheapest; forbid it to see what the
			// index can serve.
			this.jdbc.execute("set local enable_seqscan = off");
			return String.join("\n",
					new NamedParameterJdbcTemplate(this.jdbc).queryForList("explain " + MonthlyActiveUsers.COUNT,
							new MapSqlParameterSource("developerId", this.developer.id())
								.addValue("first", LocalDate.of(2026, 5, 1))
								.addValue("next", LocalDate.of(2026, 6, 1)),
							String.class));
		});
		assertThat(plan).contains("analytics_developer_user_last_day").doesNotContain("auth_sessions");
		assertThat(plan).doesNotContain("Seq Scan");
	}

	private JsonNode me() {
		var response = this.api.get("/api/v1/dev/me", this.developer.auth());
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

}
