package dev.bondify.session;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Long polls held for secret-key calls count against their project key, not the caller
 * IP: one tenant's backend cannot use up the bound of an address it shares with another
 * tenant's backend, or with browsers behind the same NAT.
 */
class LongPollBoundsIntegrationTest extends IntegrationTest {

	private static final String PENDING = "{\"status\":\"pending\"}";

	@Autowired
	LongPolls longPolls;

	@Autowired
	LongPollProperties limits;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void oneBackendsSecretKeyPollsDoNotUseUpTheBoundOfItsSharedIp() throws Exception {
		Project busy = this.projects.sandbox();
		Project neighbour = this.projects.sandbox();
		Project browser = this.projects.sandbox();
		// Both backends and a browser share one address.
		ApiClient sharedIp = this.api;
		int before = this.longPolls.held();
		int perIp = this.limits.maxWaitersPerIp();
		List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
		for (int i = 0; i < perIp; i++) {
			held.add(verifyAsync(sharedIp, "/api/v1/verify", busy, generateWithKey(sharedIp, busy), 5));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.longPolls.held() >= before + perIp);

		CompletableFuture<HttpResponse<String>> neighbours = verifyAsync(sharedIp, "/api/v1/verify", neighbour,
				generateWithKey(sharedIp, neighbour), 1);
		String browserToken = sharedIp.post("/api/v1/generate/public", "{\"project_id\":\"" + browser.getId() + "\"}")
			.field("session_token");
		CompletableFuture<HttpResponse<String>> browsers = verifyAsync(sharedIp, "/api/v1/verify/public", browser,
				browserToken, 1);

		for (CompletableFuture<HttpResponse<String>> other : List.of(neighbours, browsers)) {
			HttpResponse<String> response = other.get(15, TimeUnit.SECONDS);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.body()).isEqualTo(PENDING);
		}
		for (CompletableFuture<HttpResponse<String>> future : held) {
			HttpResponse<String> response = future.get(15, TimeUnit.SECONDS);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat(response.body()).isEqualTo(PENDING);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.longPolls.held() == before);
	}

	@Test
	void aWaitOutOfRangeIsRefusedNamingTheFieldAsSent() {
		Project project = this.projects.sandbox();
		String token = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + project.getId() + "\"}")
			.field("session_token");
		for (int wait : new int[] { 0, 26 }) {
			ApiClient.Response response = this.api.post("/api/v1/verify/public", "{\"project_id\":\"" + project.getId()
					+ "\",\"session_token\":\"" + token + "\",\"wait\":" + wait + "}");
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.field("code")).isEqualTo("INVALID_REQUEST");
			assertThat(response.field("error")).startsWith("wait must be");
		}
	}

	@Test
	void aSecretKeyPollCountsAgainstTheDeveloperOwningTheProject() throws Exception {
		String developerId = "dev_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		this.jdbc.update("insert into developers (id, email, password_hash, created_at) values (?, ?, 'x', now())",
				developerId, developerId + "@example.com");
		try {
			Project owned = this.projectRepository
				.saveAndFlush(new Project(developerId, "Owned", true, this.clock.instant()));
			Project demo = this.projects.sandbox();

			CompletableFuture<HttpResponse<String>> ownedPoll = verifyAsync(this.api, "/api/v1/verify", owned,
					generateWithKey(this.api, owned), 2);
			CompletableFuture<HttpResponse<String>> demoPoll = verifyAsync(this.api, "/api/v1/verify", demo,
					generateWithKey(this.api, demo), 2);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.longPolls.heldForDeveloper(developerId) == 1
						&& this.longPolls.heldForDeveloper(demo.getId()) == 1);

			for (CompletableFuture<HttpResponse<String>> poll : List.of(ownedPoll, demoPoll)) {
				HttpResponse<String> response = poll.get(15, TimeUnit.SECONDS);
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				assertThat(response.body()).isEqualTo(PENDING);
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> this.longPolls.heldForDeveloper(developerId) == 0);
			assertThat(this.limits.maxWaitersPerDeveloper()).as("a fifth of the instance by default")
				.isEqualTo(this.limits.maxWaiters() / 5);
		}
		finally {
			this.jdbc.update("delete from developers where id = ?", developerId);
		}
	}

	private String generateWithKey(ApiClient client, Project project) {
		ApiClient.Response response = client.post("/api/v1/generate", "{\"project_id\":\"" + project.getId() + "\"}",
				"Authorization", "Bearer " + project.getSecretKey());
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.field("session_token");
	}

	private CompletableFuture<HttpResponse<String>> verifyAsync(ApiClient client, String path, Project project,
			String token, int wait) {
		HttpRequest.Builder request = path.endsWith("/public") ? client.request(path)
				: client.request(path, "Authorization", "Bearer " + project.getSecretKey());
		String json = "{\"project_id\":\"" + project.getId() + "\",\"session_token\":\"" + token + "\",\"wait\":" + wait
				+ "}";
		return this.http.sendAsync(request.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
