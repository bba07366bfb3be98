package dev.bondify.project;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDevelopers.Developer;
import dev.bondify.system.RandomTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Finding 6: {@code regenerate} answers 200 only if it replaced the key that was current
 * when it started, so no returned key is ever silently overwritten by a rotation that
 * overlapped it; the loser of an overlap answers 409 {@code CONFLICT}.
 */
class SecretRotationIntegrationTest extends IntegrationTest {

	@Autowired
	private DataSource dataSource;

	private Developer developer;

	private String projectId;

	@BeforeEach
	void project() {
		this.developer = this.developers.register();
		this.projectId = this.developers.createProject(this.developer, "{\"name\":\"Rotating\"}").field("id");
	}

	@Test
	void regenerateThatOverlapsAnotherRotationAnswers409AndLeavesTheOtherKeyWorking() throws Exception {
		String otherKey = "sk_live_" + "o".repeat(43);
		Future<Response> regenerate;
		try (Connection other = this.dataSource.getConnection()) {
			other.setAutoCommit(false);
			try (PreparedStatement rotate = other
				.prepareStatement("update projects set secret_key = ?, secret_key_hash = ? where id = ?")) {
				rotate.setString(1, otherKey);
				rotate.setBytes(2, RandomTokens.sha256(otherKey));
				rotate.setString(3, this.projectId);
				assertThat(rotate.executeUpdate()).isEqualTo(1);
			}
			regenerate = CompletableFuture.supplyAsync(this::regenerate);
			// The HTTP call has read the old key and now waits for this transaction's row
			// lock.
			await().atMost(Duration.ofSeconds(20)).until(this::aRotationWaitsForTheRowLock);
			other.commit();
		}

		Response response = regenerate.get(30, TimeUnit.SECONDS);
		assertThat(response.status()).as(response.body()).isEqualTo(409);
		assertThat(response.code()).isEqualTo("CONFLICT");
		assertThat(response.body()).doesNotContain("sk_live_");
		assertThat(storedKey()).isEqualTo(otherKey);
		assertThat(generate(otherKey).status()).isEqualTo(200);
	}

	@Test
	void tenParallelRegeneratesNeverReturnAKeyThatWasOverwrittenUnseen() throws Exception {
		String initialKey = storedKey();
		int calls = 10;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(calls);
		List<Future<Response>> futures = new ArrayList<>();
		try {
			for (int i = 0; i < calls; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					return regenerate();
				}));
			}
			start.countDown();
			List<String> returnedKeys = new ArrayList<>();
			for (Future<Response> future : futures) {
				Response response = future.get(60, TimeUnit.SECONDS);
				assertThat(response.status()).as(response.body()).isIn(200, 409);
				if (response.status() == 200) {
					returnedKeys.add(response.field("secret_key"));
				}
				else {
					assertThat(response.code()).isEqualTo("CONFLICT");
				}
			}
			assertThat(returnedKeys).isNotEmpty().doesNotHaveDuplicates().doesNotContain(initialKey);
			String working = storedKey();
			assertThat(returnedKeys).contains(working);
			assertThat(generate(working).status()).isEqualTo(200);
			assertThat(generate(initialKey).status()).isEqualTo(401);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void sequentialRegeneratesEachReturnTheKeyThatWorks() {
		for (int i = 0; i < 3; i++) {
			Response response = regenerate();
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.field("secret_key")).isEqualTo(storedKey());
			assertThat(generate(response.field("secret_key")).status()).isEqualTo(200);
		}
	}

	@Test
	void regenerateOfADeletedProjectIsNotFound() {
		this.api.method("DELETE", "/api/v1/dev/projects/" + this.projectId, null, this.developer.auth());
		Response response = regenerate();
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.code()).isEqualTo("PROJECT_NOT_FOUND");
	}

	private boolean aRotationWaitsForTheRowLock() {
		Long waiting = this.jdbc.queryForObject("""
				select count(*) from pg_stat_activity
				where wait_event_type = 'Lock' and query like 'update projects set secret_key%'""", Long.class);
		return waiting != null && waiting > 0;
	}

	private Response regenerate() {
		return this.api.post("/api/v1/dev/projects/" + this.projectId + "/regenerate", "", this.developer.auth());
	}

	private Response generate(String key) {
		return this.api.post("/api/v1/generate", "{\"project_id\":\"" + this.projectId + "\"}", "Authorization",
				"Bearer " + key);
	}

	private String storedKey() {
		return this.sealer.openText(
				this.jdbc.queryForObject("select secret_key from projects where id = ?", String.class, this.projectId));
	}

}
