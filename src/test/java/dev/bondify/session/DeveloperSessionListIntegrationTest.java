package dev.bondify.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.SessionRows;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/dev/sessions}: item shape, keyset pagination, project and
 * effective-status filters.
 */
class DeveloperSessionListIntegrationTest extends IntegrationTest {

	private static final Instant NOW = Instant.parse("2026-05-20T12:00:00Z");

	private static final String ISO = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

	private Developer developer;

	private String appA;

	private String appB;

	private SessionRows rows;

	@BeforeEach
	void projects() {
		this.clock.set(NOW);
		this.developer = this.developers.register();
		this.appA = this.developers.createProject(this.developer, "{\"name\":\"App A\"}").field("id");
		this.appB = this.developers.createProject(this.developer, "{\"name\":\"App B\"}").field("id");
		this.rows = new SessionRows(this.jdbc);
	}

	@Test
	void itemsHaveTheContractShapeAndNeverTheToken() {
		String token = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + this.appA + "\"}")
			.field("session_token");
		this.rows.used(this.appB, NOW.minusSeconds(60), "4242");

		Response response = list("");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().propertyNames()).containsExactly("sessions", "next_cursor");
		assertThat(response.json().get("next_cursor").isNull()).isTrue();
		JsonNode sessions = response.json().get("sessions");
		assertThat(sessions).hasSize(2);
		JsonNode pending = sessions.get(0);
		assertThat(pending.propertyNames()).containsExactly("id", "session_token", "session_token_preview",
				"project_id", "project_name", "status", "telegram_id", "telegram_name", "telegram_username",
				"created_at", "expires_at", "confirmed_at", "cancelled_at", "source");
		assertThat(pending.get("source").asString()).as("a generated session came by the deeplink")
			.isEqualTo("deeplink");
		assertThat(pending.get("session_token_preview").asString()).isEqualTo(token.substring(0, 12) + "…");
		assertThat(pending.get("session_token").asString()).as("the SDK's field carries the same preview")
			.isEqualTo(token.substring(0, 12) + "…");
		assertThat(response.body()).doesNotContain(token);
		assertThat(pending.get("project_id").asString()).isEqualTo(this.appA);
		assertThat(pending.get("project_name").asString()).isEqualTo("App A");
		assertThat(pending.get("status").asString()).isEqualTo("pending");
		assertThat(pending.get("created_at").asString()).isEqualTo("2026-05-20T12:00:00.000Z");
		assertThat(pending.get("expires_at").asString()).isEqualTo("2026-05-20T12:10:00.000Z");
		assertThat(pending.get("telegram_id").isNull()).isTrue();
		assertThat(pending.get("confirmed_at").isNull()).isTrue();
		assertThat(pending.get("cancelled_at").isNull()).isTrue();
		JsonNode used = sessions.get(1);
		assertThat(used.get("status").asString()).isEqualTo("used");
		assertThat(used.get("telegram_id").isString()).isTrue();
		assertThat(used.get("telegram_id").asString()).isEqualTo("4242");
		assertThat(used.get("telegram_name").asString()).isEqualTo("User 4242");
		assertThat(used.get("telegram_username").asString()).isEqualTo("user4242");
		assertThat(used.get("confirmed_at").asString()).matches(ISO);
		UUID.fromString(used.get("id").asString());
	}

	@Test
	void paginationWalksEverySessionExactlyOnceNewestFirst() {
		Set<String> seeded = new HashSet<>();
		Instant base = NOW.minus(Duration.ofDays(2));
		for (int i = 0; i < 95; i++) {
			// Every fifth session shares its created_at with the one before it, so ties
			// are broken by id.
			Instant createdAt = base.plusSeconds(60L * (i - ((i % 5 == 4) ? 1 : 0)));
			String project = (i % 3 == 0) ? this.appB : this.appA;
			seeded.add(
					this.rows
						.insert(project, (i % 2 == 0) ? "cancelled" : "pending", createdAt, null,
								(i % 2 == 0) ? createdAt.plusSeconds(5) : null, null)
						.toString());
		}
		List<String> walked = new ArrayList<>();
		List<String> createdAts = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Response page = list("limit=20" + ((cursor != null) ? "&cursor=" + cursor : ""));
			assertThat(page.status()).as(page.body()).isEqualTo(200);
			for (JsonNode item : page.json().get("sessions")) {
				walked.add(item.get("id").asString());
				createdAts.add(item.get("created_at").asString());
			}
			cursor = page.field("next_cursor");
			pages++;
		}
		while (cursor != null && pages < 20);
		assertThat(pages).isEqualTo(5);
		assertThat(walked).hasSize(95).doesNotHaveDuplicates();
		assertThat(new HashSet<>(walked)).isEqualTo(seeded);
		List<String> sorted = new ArrayList<>(createdAts);
		sorted.sort((a, b) -> b.compareTo(a));
		assertThat(createdAts).isEqualTo(sorted);

		assertThat(list("limit=200").json().get("sessions")).hasSize(95);
		assertThat(list("").json().get("sessions")).as("default limit").hasSize(50);
		Response lastOfOne = list("limit=95");
		assertThat(lastOfOne.json().get("next_cursor").isNull()).isTrue();
	}

	@Test
	void filtersByProject() {
		this.rows.pending(this.appA, NOW.minusSeconds(10));
		this.rows.pending(this.appB, NOW.minusSeconds(20));
		this.rows.pending(this.appB, NOW.minusSeconds(30));
		JsonNode sessions = list("project_id=" + this.appB).json().get("sessions");
		assertThat(sessions).hasSize(2);
		sessions.forEach(item -> assertThat(item.get("project_id").asString()).isEqualTo(this.appB));
	}

	@Test
	void filtersByEffectiveStatus() {
		UUID pending = this.rows.pending(this.appA, NOW.minusSeconds(60));
		UUID expiredPending = this.rows.pending(this.appA, NOW.minus(Duration.ofMinutes(10)));
		UUID confirmed = this.rows.insert(this.appA, "confirmed", NOW.minusSeconds(120), NOW.minusSeconds(60), null,
				"1");
		UUID expiredConfirmed = this.rows.insert(this.appA, "confirmed", NOW.minusSeconds(900),
				NOW.minus(Duration.ofMinutes(5)), null, "2");
		UUID cancelled = this.rows.cancelled(this.appB, NOW.minusSeconds(30));
		UUID used = this.rows.used(this.appB, NOW.minusSeconds(300), "3");

		assertThat(ids("status=pending")).containsExactly(pending.toString());
		assertThat(ids("status=confirmed")).containsExactly(confirmed.toString());
		assertThat(ids("status=expired")).containsExactly(expiredPending.toString(), expiredConfirmed.toString());
		assertThat(ids("status=cancelled")).containsExactly(cancelled.toString());
		assertThat(ids("status=used")).containsExactly(used.toString());
		assertThat(ids("status=expired&project_id=" + this.appB)).isEmpty();
		JsonNode all = list("").json().get("sessions");
		assertThat(all).hasSize(6);
		assertThat(all.get(0).get("id").asString()).isEqualTo(cancelled.toString());
		assertThat(all.get(4).get("id").asString()).isEqualTo(expiredPending.toString());
		assertThat(all.get(4).get("status").asString()).as("pending past its TTL shows as expired")
			.isEqualTo("expired");
	}

	private List<String> ids(String query) {
		Response response = list(query);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		response.json().get("sessions").forEach(item -> ids.add(item.get("id").asString()));
		return ids;
	}

	private Response list(String query) {
		return this.api.get("/api/v1/dev/sessions" + (query.isEmpty() ? "" : "?" + query), this.developer.auth());
	}

}
