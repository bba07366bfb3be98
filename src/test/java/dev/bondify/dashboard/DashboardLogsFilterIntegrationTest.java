package dev.bondify.dashboard;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.SessionRows;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Logs page's "confirmed" chip asks for {@code status=confirmed,used}: everyone who
 * signed in, in one keyset-paginated list.
 */
class DashboardLogsFilterIntegrationTest extends IntegrationTest {

	@Test
	void severalStatusesSeparatedByCommasAreOneFilter() {
		Developer developer = this.developers.register();
		String projectId = this.developers.createProject(developer, "{\"name\":\"Logs\",\"sandbox\":true}").field("id");
		SessionRows rows = new SessionRows(this.jdbc);
		Instant now = this.clock.instant();
		UUID confirmed = rows.confirmed(projectId, now.minusSeconds(30), "111");
		UUID used = rows.used(projectId, now.minusSeconds(20), "222");
		rows.pending(projectId, now.minusSeconds(10));
		rows.cancelled(projectId, now.minusSeconds(5));

		Response page = this.api.get("/api/v1/dev/sessions?status=confirmed,used&limit=1&project_id=" + projectId,
				developer.auth());
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		assertThat(page.json().get("sessions").get(0).get("id").asString()).isEqualTo(used.toString());
		Response older = this.api.get("/api/v1/dev/sessions?status=confirmed,used&limit=1&project_id=" + projectId
				+ "&cursor=" + page.field("next_cursor"), developer.auth());
		assertThat(older.json().get("sessions").get(0).get("id").asString()).isEqualTo(confirmed.toString());
		assertThat(older.json().get("next_cursor").isNull()).isTrue();
	}

	@Test
	void anUnknownStatusAmongSeveralIs400() {
		Developer developer = this.developers.register();

		Response answer = this.api.get("/api/v1/dev/sessions?status=confirmed,bogus", developer.auth());

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.code()).isEqualTo("INVALID_REQUEST");
	}

}
