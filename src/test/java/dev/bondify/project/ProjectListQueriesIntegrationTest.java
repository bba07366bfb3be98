package dev.bondify.project;

import java.time.Duration;
import java.time.Instant;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.SessionRows;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project list costs the same number of SQL statements for one project as for fifty
 * (no N+1 for the counts).
 */
class ProjectListQueriesIntegrationTest extends IntegrationTest {

	@Autowired
	EntityManagerFactory entityManagerFactory;

	private Statistics statistics;

	@AfterEach
	void stopCounting() {
		if (this.statistics != null) {
			this.statistics.setStatisticsEnabled(false);
		}
	}

	@Test
	void listingFiftyProjectsTakesAsManyStatementsAsListingOne() {
		Developer developer = this.developers.register();
		SessionRows rows = new SessionRows(this.jdbc);
		Instant start = Instant.parse("2026-02-01T00:00:00Z");
		Project first = this.projectRepository.saveAndFlush(new Project(developer.id(), "Project 0", false, start));
		rows.used(first.getId(), start, "1");
		this.statistics = this.entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
		this.statistics.setStatisticsEnabled(true);

		long forOne = statementsFor(developer);

		for (int i = 1; i < 50; i++) {
			Project project = this.projectRepository
				.saveAndFlush(new Project(developer.id(), "Project " + i, false, start.plus(Duration.ofMinutes(i))));
			rows.pending(project.getId(), start);
			rows.used(project.getId(), start, Integer.toString(i));
		}
		long forFifty = statementsFor(developer);

		assertThat(forOne).isPositive();
		assertThat(forFifty).isEqualTo(forOne);
		JsonNode projects = this.api.get("/api/v1/dev/projects", developer.auth()).json().get("projects");
		assertThat(projects).hasSize(50);
		assertThat(projects.get(0).get("name").asString()).isEqualTo("Project 49");
		assertThat(projects.get(0).get("sessions_count").asLong()).isEqualTo(2);
		assertThat(projects.get(0).get("confirmed_count").asLong()).isEqualTo(1);
		assertThat(projects.get(49).get("sessions_count").asLong()).isEqualTo(1);
	}

	private long statementsFor(Developer developer) {
		// Hibernate's statistics are global: the webhook dispatcher and the metrics jobs
		// may run a statement during a
		// request. The fewest statements seen over a few identical requests is the
		// request's own count.
		long fewest = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			this.statistics.clear();
			Response response = this.api.get("/api/v1/dev/projects", developer.auth());
			assertThat(response.status()).isEqualTo(200);
			fewest = Math.min(fewest, this.statistics.getPrepareStatementCount());
		}
		return fewest;
	}

}
