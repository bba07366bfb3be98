package dev.bondify.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDatabase;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Heavy developer reads cannot starve sign-ins: only a few run at once (per developer and
 * in total), the rest are refused with 429 at once, and the ones admitted are cancelled
 * by the statement timeout instead of holding their connection indefinitely.
 */
class DeveloperQueryBulkheadIntegrationTest extends IntegrationTest {

	@Test
	void heldAnalyticsCallsAreCappedAndSignInsOfOtherProjectsKeepAnswering() throws Exception {
		List<Developer> developers = List.of(this.developers.register(), this.developers.register(),
				this.developers.register());
		Project other = this.projects.live();
		TestDatabase.Connection db = TestDatabase.get();
		ExecutorService pool = Executors.newFixedThreadPool(24);
		// The analytics reads block on this lock, as a slow aggregate would hold them;
		// they are
		// held by the database, not by a hook in the code under test.
		try (Connection blocker = DriverManager.getConnection(db.url(), db.username(), db.password())) {
			blocker.setAutoCommit(false);
			try (Statement statement = blocker.createStatement()) {
				statement.execute("lock table analytics_developer_daily_unique in access exclusive mode");
			}
			List<Future<Response>> calls = new ArrayList<>();
			for (Developer developer : developers) {
				for (int i = 0; i < 8; i++) {
					calls.add(pool
						.submit(() -> new ApiClient(this.port).get("/api/v1/dev/analytics?days=90", developer.auth())));
				}
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnTheLock() == 4);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> calls.stream().filter(Future::isDone).count() == calls.size() - 4);
			List<Response> refused = calls.stream()
				.filter(Future::isDone)
				.map(DeveloperQueryBulkheadIntegrationTest::get)
				.toList();
			assertThat(refused).hasSize(20).allSatisfy((response) -> {
				assertThat(response.status()).isEqualTo(429);
				assertThat(response.code()).isEqualTo("RATE_LIMITED");
				assertThat(response.header("Retry-After")).isEqualTo("1");
			});

			for (int i = 0; i < 10; i++) {
				Response generated = this.api.post("/api/v1/generate/public",
						"{\"project_id\":\"" + other.getId() + "\"}");
				assertThat(generated.status()).isEqualTo(200);
				Response verified = this.api.post("/api/v1/verify/public", "{\"project_id\":\"" + other.getId()
						+ "\",\"session_token\":\"" + generated.field("session_token") + "\"}");
				assertThat(verified.status()).isEqualTo(200);
				assertThat(verified.field("status")).isEqualTo("pending");
			}

			// The statement timeout ends the admitted reads while the lock is still held.
			List<Response> held = new ArrayList<>();
			for (Future<Response> call : calls) {
				held.add(call.get());
			}
			assertThat(held.stream().filter((response) -> response.status() == 503).count()).isEqualTo(4);
			assertThat(held.stream().filter((response) -> response.status() == 503))
				.allSatisfy((response) -> assertThat(response.code()).isEqualTo("SERVICE_UNAVAILABLE"));
			blocker.rollback();
		}
		finally {
			pool.shutdownNow();
		}
		// Every slot was given back.
		for (Developer developer : developers) {
			assertThat(this.api.get("/api/v1/dev/analytics?days=90", developer.auth()).status()).isEqualTo(200);
		}
	}

	private long waitingOnTheLock() {
		Long waiting = this.jdbc.queryForObject("""
				select count(*) from pg_stat_activity
				where wait_event_type = 'Lock' and query like '%analytics_developer_daily_unique%'""", Long.class);
		return (waiting != null) ? waiting : 0;
	}

	private static Response get(Future<Response> call) {
		try {
			return call.get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
