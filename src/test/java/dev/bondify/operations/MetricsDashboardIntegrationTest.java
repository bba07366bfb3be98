package dev.bondify.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric the Grafana dashboard and the Prometheus alerts name is exported by
 * {@code /actuator/prometheus} once the flows ran, with the label values they filter on;
 * a renamed metric breaks this test instead of an empty panel.
 */
class MetricsDashboardIntegrationTest extends IntegrationTest {

	private static final Pattern METRIC = Pattern
		.compile("\\b((?:bondify|http_server|hikaricp|jvm|process|tomcat|executor)_[a-z0-9_]+)");

	@Test
	void everyMetricTheDashboardAndTheAlertsUseIsExported() throws IOException {
		Project project = this.projects.sandbox();
		String session = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + project.getId() + "\"}")
			.field("session_token");
		this.api.post("/api/v1/verify/public",
				"{\"project_id\":\"" + project.getId() + "\",\"session_token\":\"" + session + "\"}");

		Response scrape = scrape();
		assertThat(scrape.status()).isEqualTo(200);
		Set<String> exported = new TreeSet<>();
		scrape.body()
			.lines()
			.filter((line) -> !line.startsWith("#"))
			.map((line) -> line.split("[{ ]", 2)[0])
			.forEach(exported::add);

		Set<String> used = new TreeSet<>();
		used.addAll(metrics(Path.of("deploy/grafana/bondify.json")));
		used.addAll(metrics(Path.of("deploy/prometheus/alerts.yml")));
		assertThat(used).contains("bondify_sessions_generated_total", "bondify_webhook_deliveries_total",
				"http_server_requests_seconds_bucket", "hikaricp_connections_pending");
		assertThat(exported).containsAll(used);

		String body = scrape.body();
		assertThat(body).contains("http_server_requests_seconds_bucket{")
			.containsPattern("http_server_requests_seconds_bucket\\{[^}]*le=\"0\\.25\"")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/v1/verify/public\"");
		for (String outcome : new String[] { "success", "failure", "gave_up" }) {
			assertThat(body).containsPattern("bondify_webhook_deliveries_total\\{[^}]*outcome=\"" + outcome + "\"");
		}
	}

	private static Set<String> metrics(Path file) throws IOException {
		Set<String> names = new TreeSet<>();
		Matcher matcher = METRIC.matcher(Files.readString(file));
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

}
