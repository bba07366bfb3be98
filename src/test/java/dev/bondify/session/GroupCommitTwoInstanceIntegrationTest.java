package dev.bondify.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.SecondInstance;
import dev.bondify.support.TestDevelopers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group-committed generates through the HTTP door: 64 at once on one instance are all
 * answered, and each session is there for the other instance the moment its answer
 * arrives (no poll of the other instance answers "not found").
 */
class GroupCommitTwoInstanceIntegrationTest extends IntegrationTest {

	@RegisterExtension
	static final SecondInstance other = new SecondInstance();

	@Test
	void sixtyFourConcurrentGeneratesAreEachVisibleToTheOtherInstanceWhenAnswered() throws Exception {
		Project project = this.projects.sandbox();
		ApiClient there = new ApiClient(other.port());
		ExecutorService threads = Executors.newFixedThreadPool(64);
		try {
			List<CompletableFuture<String[]>> calls = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				calls.add(CompletableFuture.supplyAsync(() -> {
					String ip = TestDevelopers.randomIp();
					Response generated = new ApiClient(this.port).post("/api/v1/generate/public",
							"{\"project_id\":\"" + project.getId() + "\"}", "X-Forwarded-For", ip);
					assertThat(generated.status()).as(generated.body()).isEqualTo(200);
					String token = generated.field("session_token");
					// Asked of the other instance as soon as the answer is in.
					Response polled = there.post("/api/v1/verify/public",
							"{\"project_id\":\"" + project.getId() + "\",\"session_token\":\"" + token + "\"}",
							"X-Forwarded-For", ip);
					return new String[] { token, polled.status() + " " + polled.body() };
				}, threads));
			}
			List<String> tokens = new ArrayList<>();
			for (CompletableFuture<String[]> call : calls) {
				String[] result = call.get(60, TimeUnit.SECONDS);
				assertThat(result[1]).isEqualTo("200 {\"status\":\"pending\"}");
				tokens.add(result[0]);
			}
			assertThat(tokens).doesNotHaveDuplicates().hasSize(64);
			assertThat(this.jdbc.queryForObject("select count(*) from auth_sessions where project_id = ?", Long.class,
					project.getId()))
				.isEqualTo(64);
		}
		finally {
			threads.shutdownNow();
			threads.awaitTermination(10, TimeUnit.SECONDS);
		}
	}

}
