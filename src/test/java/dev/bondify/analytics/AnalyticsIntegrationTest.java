package dev.bondify.analytics;

import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.SessionRows;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Analytics against sessions seeded over several days and statuses, with a fixed clock,
 * compared to numbers worked out by hand below.
 */
class AnalyticsIntegrationTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

	private Developer developer;

	private String appA;

	private String appB;

	@BeforeEach
	void seed() {
		this.clock.set(NOW.minusSeconds(3600));
		this.developer = this.developers.register();
		this.appA = this.developers.createProject(this.developer, "{\"name\":\"App A\"}").field("id");
		this.clock.set(NOW.minusSeconds(1800));
		this.appB = this.developers.createProject(this.developer, "{\"name\":\"App B\"}").field("id");
		Developer stranger = this.developers.register();
		String foreign = this.developers.createProject(stranger, "{\"name\":\"Foreign\"}").field("id");
		this.clock.set(NOW);

		SessionRows rows = new SessionRows(this.jdbc);
		rows.pending(this.appA, at("2026-03-03T23:59:59.999Z")); // the day before a 7-day
																	// window: expired
		rows.used(this.appA, at("2026-03-04T00:00:00Z"), "1"); // first instant of the
																// window
		rows.cancelled(this.appA, at("2026-03-04T10:00:00Z"));
		rows.confirmed(this.appA, at("2026-03-06T08:00:00Z"), "1"); // proof never
																	// collected: still
																	// "confirmed"
		rows.used(this.appB, at("2026-03-06T09:00:00Z"), "2");
		rows.pending(this.appB, at("2026-03-06T23:59:59.999Z")); // expired
		rows.used(this.appA, at("2026-03-08T12:00:00Z"), "3");
		rows.pending(this.appA, at("2026-03-10T11:55:00Z")); // still pending at NOW
		rows.cancelled(this.appB, at("2026-03-10T11:00:00Z"));
		rows.used(this.appB, at("2026-03-10T11:58:00Z"), "2");
		rows.used(foreign, at("2026-03-06T09:00:00Z"), "9");
		rows.pending(foreign, at("2026-03-09T09:00:00Z"));
	}

	@Test
	void sevenDaysByDefault() {
		Response response = this.api.get("/api/v1/dev/analytics", this.developer.auth());
		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.propertyNames()).containsExactly("total_sessions", "confirmed_sessions", "unique_users",
				"conversion_rate", "daily", "funnel", "projects");
		assertThat(body.get("total_sessions").asLong()).isEqualTo(9);
		assertThat(body.get("confirmed_sessions").asLong()).isEqualTo(5);
		assertThat(body.get("unique_users").asLong()).isEqualTo(3);
		assertThat(body.get("conversion_rate").isNumber()).isTrue();
		assertThat(body.get("conversion_rate").asDouble()).isEqualTo(55.6); // 5 / 9 =
																			// 55.55…
		assertThat(body.get("daily")).isEqualTo(JSON.readTree("""
				[{"date":"2026-03-04","sessions":2,"confirmed":1,"unique_users":1},
				 {"date":"2026-03-05","sessions":0,"confirmed":0,"unique_users":0},
				 {"date":"2026-03-06","sessions":3,"confirmed":2,"unique_users":2},
				 {"date":"2026-03-07","sessions":0,"confirmed":0,"unique_users":0},
				 {"date":"2026-03-08","sessions":1,"confirmed":1,"unique_users":1},
				 {"date":"2026-03-09","sessions":0,"confirmed":0,"unique_users":0},
				 {"date":"2026-03-10","sessions":3,"confirmed":1,"unique_users":1}]"""));
		assertThat(body.get("funnel"))
			.isEqualTo(JSON.readTree("{\"requested\":9,\"confirmed\":5,\"expired\":1,\"cancelled\":2}"));
		assertThat(body.get("projects")).isEqualTo(JSON.readTree("[{\"id\":\"" + this.appB
				+ "\",\"name\":\"App B\"},{\"id\":\"" + this.appA + "\",\"name\":\"App A\"}]"));
	}

	@Test
	void fourteenDaysReachFurtherBack() {
		JsonNode body = this.api.get("/api/v1/dev/analytics?days=14", this.developer.auth()).json();
		assertThat(body.get("total_sessions").asLong()).isEqualTo(10);
		assertThat(body.get("funnel").get("expired").asLong()).isEqualTo(2);
		assertThat(body.get("conversion_rate").asDouble()).isEqualTo(50.0);
		JsonNode daily = body.get("daily");
		assertThat(daily).hasSize(14);
		assertThat(daily.get(0).get("date").asString()).isEqualTo("2026-02-25");
		assertThat(daily.get(6).get("date").asString()).isEqualTo("2026-03-03");
		assertThat(daily.get(6).get("sessions").asLong()).isEqualTo(1);
		assertThat(daily.get(13).get("date").asString()).isEqualTo("2026-03-10");
	}

	@Test
	void ninetyDaysHaveNinetyZeroFilledEntries() {
		JsonNode daily = this.api.get("/api/v1/dev/analytics?days=90", this.developer.auth()).json().get("daily");
		assertThat(daily).hasSize(90);
		assertThat(daily.get(0).get("date").asString()).isEqualTo("2025-12-11");
		long sum = 0;
		for (JsonNode day : daily) {
			sum += day.get("sessions").asLong();
		}
		assertThat(sum).isEqualTo(10);
	}

	@Test
	void oneProject() {
		JsonNode body = this.api.get("/api/v1/dev/analytics?days=7&project_id=" + this.appB, this.developer.auth())
			.json();
		assertThat(body.get("total_sessions").asLong()).isEqualTo(4);
		assertThat(body.get("confirmed_sessions").asLong()).isEqualTo(2);
		assertThat(body.get("unique_users").asLong()).isEqualTo(1);
		assertThat(body.get("conversion_rate").asDouble()).isEqualTo(50.0);
		assertThat(body.get("funnel"))
			.isEqualTo(JSON.readTree("{\"requested\":4,\"confirmed\":2,\"expired\":1,\"cancelled\":1}"));
		assertThat(body.get("projects")).hasSize(2);
	}

	@Test
	void windowFollowsTheClockAcrossMidnightUtc() {
		this.clock.set(Instant.parse("2026-03-11T00:00:00Z"));
		JsonNode body = this.api.get("/api/v1/dev/analytics", this.developer.auth()).json();
		// 2026-03-05 … 2026-03-11: the two sessions of 2026-03-04 drop out.
		assertThat(body.get("total_sessions").asLong()).isEqualTo(7);
		assertThat(body.get("daily").get(6).get("date").asString()).isEqualTo("2026-03-11");
		assertThat(body.get("funnel").get("expired").asLong()).as("the 11:55 session has expired by now").isEqualTo(2);
	}

	@Test
	void noSessionsGiveZeroes() {
		Developer fresh = this.developers.register();
		JsonNode body = this.api.get("/api/v1/dev/analytics?days=30", fresh.auth()).json();
		assertThat(body.get("total_sessions").asLong()).isZero();
		assertThat(body.get("conversion_rate").asDouble()).isZero();
		assertThat(body.get("daily")).hasSize(30);
		assertThat(body.get("projects")).isEmpty();
	}

	@Test
	void conversionRateRoundsHalfUpToOneDecimal() {
		assertThat(AnalyticsService.rate(2, 3)).isEqualTo(66.7);
		assertThat(AnalyticsService.rate(1, 3)).isEqualTo(33.3);
		assertThat(AnalyticsService.rate(1, 8)).isEqualTo(12.5);
		assertThat(AnalyticsService.rate(1, 16)).isEqualTo(6.3);
		assertThat(AnalyticsService.rate(0, 0)).isZero();
		assertThat(AnalyticsService.rate(7, 7)).isEqualTo(100.0);
	}

	private static Instant at(String iso) {
		return Instant.parse(iso);
	}

}
