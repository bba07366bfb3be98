package dev.bondify.operations;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bondify.project.Project;
import dev.bondify.session.TestSessions;
import dev.bondify.session.Caller;
import dev.bondify.session.RequestSource;
import dev.bondify.session.SessionService;
import dev.bondify.session.TelegramIdentity;
import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health probes, the Prometheus scrape and the session counters, against the running
 * service.
 */
class MetricsIntegrationTest extends IntegrationTest {

	@Autowired
	SessionService sessionService;

	@Autowired
	SessionMetrics sessionMetrics;

	@Autowired
	MeterRegistry registry;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	HealthEndpointGroups healthGroups;

	@Test
	void livenessAndReadinessAreUpAndOnlyReadinessIncludesTheDatabase() {
		Response liveness = this.api.get("/actuator/health/liveness");
		assertThat(liveness.status()).isEqualTo(200);
		assertThat(liveness.field("status")).isEqualTo("UP");

		Response readiness = this.api.get("/actuator/health/readiness");
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.field("status")).isEqualTo("UP");

		Response health = this.api.get("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().get("groups").toString()).contains("liveness", "readiness");
		assertThat(this.healthGroups.get("readiness").isMember("db")).as("readiness includes the database").isTrue();
		// A database outage makes the instance unready, never "dead": restarting it would
		// not bring the database back.
		assertThat(this.healthGroups.get("liveness").isMember("db")).isFalse();
	}

	@Test
	void sessionCountersFollowTheFlowAndAppearInThePrometheusScrape() {
		Project project = this.projects.live();
		double generated = scraped("bondify_sessions_generated_total");
		double confirmed = scraped("bondify_sessions_confirmed_total");
		double cancelled = scraped("bondify_sessions_cancelled_total");
		double delivered = scraped("bondify_sessions_delivered_total");

		String first = generate(project).field("session_token");
		String second = generate(project).field("session_token");
		TestSessions.confirm(this.sessionService, this.jdbc, first,
				new TelegramIdentity(42L, "Alex Johnson", "alexj", null));
		TestSessions.cancel(this.sessionService, this.jdbc, second, null);
		verify(project, first);
		verify(project, first);

		assertThat(scraped("bondify_sessions_generated_total")).isEqualTo(generated + 2);
		assertThat(scraped("bondify_sessions_confirmed_total")).isEqualTo(confirmed + 1);
		assertThat(scraped("bondify_sessions_cancelled_total")).isEqualTo(cancelled + 1);
		assertThat(scraped("bondify_sessions_delivered_total")).isEqualTo(delivered + 1);
	}

	@Test
	void httpMetricsAreTaggedWithRouteTemplatesNotRawPaths() {
		this.api.get("/api/v1/does-not-exist/sess_rawpathmustnotappear");
		Project project = this.projects.live();
		generate(project);

		String scrape = scrape().body();
		assertThat(scrape).contains("http_server_requests_seconds_count{")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/v1/generate/public\"")
			.doesNotContain("sess_rawpathmustnotappear")
			.doesNotContain(project.getId());
	}

	@Test
	void expiredGaugeCountsPendingSessionsOnceTheirTtlHasPassed() {
		// Move past the expiry of every session already in the database, so only this
		// test's session can change.
		Timestamp latest = this.jdbc.queryForObject(
				"select max(greatest(expires_at, coalesce(confirmed_at, expires_at) + interval '1 day')) from auth_sessions",
				Timestamp.class);
		this.clock.set(((latest != null) ? latest.toInstant() : this.clock.instant()).plus(Duration.ofDays(1)));
		this.sessionMetrics.refreshExpired();
		double baseline = this.registry.get("bondify.sessions.expired").gauge().value();

		Project project = this.projects.live();
		generate(project);
		this.sessionMetrics.refreshExpired();
		assertThat(this.registry.get("bondify.sessions.expired").gauge().value()).isEqualTo(baseline);

		this.clock.advance(Duration.ofMinutes(11));
		this.sessionMetrics.refreshExpired();
		assertThat(this.registry.get("bondify.sessions.expired").gauge().value()).isEqualTo(baseline + 1);
		assertThat(scraped("bondify_sessions_expired")).isEqualTo(baseline + 1);
	}

	@Nested
	class NotCounted {

		@Test
		void aGenerateRolledBackWithItsTransactionIsNotCounted() {
			Project project = MetricsIntegrationTest.this.projects.live();
			double before = counter("bondify.sessions.generated");
			long sessions = count("auth_sessions");

			MetricsIntegrationTest.this.transactions.executeWithoutResult(status -> {
				MetricsIntegrationTest.this.sessionService.generate(project.getId(), new Caller.Public(null),
						new RequestSource(null, "127.0.0.1", "test"), "http://localhost");
				status.setRollbackOnly();
			});

			assertThat(count("auth_sessions")).isEqualTo(sessions);
			assertThat(counter("bondify.sessions.generated")).isEqualTo(before);
		}

		@Test
		void otherActuatorEndpointsAreNotExposed() {
			for (String path : new String[] { "/actuator/env", "/actuator/beans", "/actuator/metrics",
					"/actuator/configprops", "/actuator/heapdump", "/actuator/loggers", "/actuator/shutdown" }) {
				Response response = MetricsIntegrationTest.this.api.get(path);
				assertThat(response.status()).as(path).isEqualTo(404);
				assertThat(response.code()).as(path).isEqualTo("NOT_FOUND");
			}
		}

		private double counter(String name) {
			return MetricsIntegrationTest.this.registry.get(name).counter().count();
		}

	}

	/**
	 * A client address of its own (the tests' loopback is a trusted proxy), so the rate
	 * limit is this test's alone.
	 */
	private final String clientIp = "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255);

	private Response generate(Project project) {
		Response response = this.api.post("/api/v1/generate/public",
				ApiClient.json(Map.of("project_id", project.getId())), "X-Forwarded-For", this.clientIp);
		assertThat(response.status()).isEqualTo(200);
		return response;
	}

	@Test
	void taggedCountersAreScrapedBeforeTheirFirstEvent() {
		String scrape = scrape().body();

		for (String type : List.of("start", "callback", "contact", "other", "ignored", "duplicate")) {
			assertThat(scrape).containsPattern("bondify_telegram_updates_total\\{[^}]*type=\"" + type + "\"");
		}
		for (String outcome : List.of("success", "failure", "gave_up")) {
			assertThat(scrape).containsPattern("bondify_webhook_deliveries_total\\{[^}]*outcome=\"" + outcome + "\"");
		}
	}

	private void verify(Project project, String token) {
		Response response = this.api.post("/api/v1/verify/public",
				ApiClient.json(Map.of("project_id", project.getId(), "session_token", token)), "X-Forwarded-For",
				this.clientIp);
		assertThat(response.status()).isEqualTo(200);
	}

	private double scraped(String series) {
		Response scrape = scrape();
		assertThat(scrape.status()).isEqualTo(200);
		Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$")
			.matcher(scrape.body());
		assertThat(matcher.find()).as(series + " in the scrape").isTrue();
		return Double.parseDouble(matcher.group(1));
	}

}
