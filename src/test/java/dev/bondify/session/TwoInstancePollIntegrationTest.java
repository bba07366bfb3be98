package dev.bondify.session;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.SecondInstance;
import dev.bondify.support.MutableClock;
import dev.bondify.system.ChangeNotifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application instances on one PostgreSQL: polls answered from each instance's memory
 * never miss a change committed on the other, the delivery grace window holds across
 * both, and long polls are woken by the other instance's confirm.
 */
class TwoInstancePollIntegrationTest extends IntegrationTest {

	@RegisterExtension
	static final SecondInstance other = new SecondInstance();

	@Autowired
	SessionService sessions;

	@Autowired
	ChangeNotifications notifications;

	@Autowired
	SessionStateCache states;

	@Autowired
	LongPolls longPolls;

	private SessionService otherSessions;

	private MutableClock otherClock;

	private int otherPort;

	@BeforeEach
	void setUpOtherInstance() {
		this.otherSessions = other.getBean(SessionService.class);
		this.otherClock = other.getBean(MutableClock.class);
		this.otherClock.reset();
		this.otherPort = other.port();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.notifications.isListening() && other.getBean(ChangeNotifications.class).isListening());
	}

	@Test
	void everyPollAfterAConfirmOnEitherInstanceSeesItAndEachSessionHasOneProof() {
		Project project = this.projects.sandbox();
		for (int i = 0; i < 200; i++) {
			ApiClient here = new ApiClient(this.port);
			ApiClient there = new ApiClient(this.otherPort);
			String token = here.post("/api/v1/generate/public", body(project, null)).field("session_token");
			// Both instances now hold the pending state in memory.
			assertThat(here.post("/api/v1/verify/public", body(project, token)).body())
				.isEqualTo("{\"status\":\"pending\"}");
			assertThat(there.post("/api/v1/verify/public", body(project, token)).body())
				.isEqualTo("{\"status\":\"pending\"}");

			boolean confirmHere = (i % 2 == 0);
			TestSessions.confirm(confirmHere ? this.sessions : this.otherSessions, this.jdbc, token,
					new TelegramIdentity(1000L + i, "User " + i, null, null));
			ApiClient polled = confirmHere ? there : here;
			ApiClient confirming = confirmHere ? here : there;

			List<String> bodies = new ArrayList<>();
			await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5)).untilAsserted(() -> {
				Response response = polled.post("/api/v1/verify/public", body(project, token));
				assertThat(response.field("status")).isEqualTo("confirmed");
				bodies.add(response.body());
			});
			bodies.add(confirming.post("/api/v1/verify/public", body(project, token)).body());
			bodies.add(polled.post("/api/v1/verify/public", body(project, token)).body());
			assertThat(bodies).containsOnly(bodies.get(0));
		}
		Long delivered = this.jdbc.queryForObject(
				"select count(distinct proof_jti) from auth_sessions where project_id = ? and status = 'used'",
				Long.class, project.getId());
		assertThat(delivered).isEqualTo(200);
	}

	@Test
	void twentyPollsSpreadOverThreeSecondsOnBothInstancesGetTheIdenticalProofThenUsed() throws Exception {
		Project project = this.projects.sandbox();
		ApiClient here = new ApiClient(this.port);
		ApiClient there = new ApiClient(this.otherPort);
		String token = here.post("/api/v1/generate/public", body(project, null)).field("session_token");
		Instant start = Instant.now();
		setBothClocks(start);
		TestSessions.confirm(this.sessions, this.jdbc, token, new TelegramIdentity(77L, "Grace User", "grace", null));

		List<String> bodies = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			setBothClocks(start.plusMillis(150L * i));
			bodies.add(((i % 2 == 0) ? here : there).post("/api/v1/verify/public", body(project, token)).body());
		}
		assertThat(bodies).hasSize(20).containsOnly(bodies.get(0));
		assertThat(bodies.get(0)).contains("\"status\":\"confirmed\"");
		String proof = here.post("/api/v1/verify/public", body(project, token)).field("proof");

		setBothClocks(start.plusSeconds(11));
		assertThat(here.post("/api/v1/verify/public", body(project, token)).body()).isEqualTo("{\"status\":\"used\"}");
		assertThat(there.post("/api/v1/verify/public", body(project, token)).body()).isEqualTo("{\"status\":\"used\"}");

		Response accepted = here.post("/api/v1/proof/verify", "{\"proof\":\"" + proof + "\"}", "Authorization",
				"Bearer " + project.getSecretKey());
		assertThat(accepted.status()).isEqualTo(200);
		Response replay = there.post("/api/v1/proof/verify", "{\"proof\":\"" + proof + "\"}", "Authorization",
				"Bearer " + project.getSecretKey());
		assertThat(replay.status()).isEqualTo(409);
	}

	@Test
	void aRotatedKeyStopsWorkingOnTheOtherInstanceAtOnce() {
		Project project = this.projects.sandbox();
		ApiClient there = new ApiClient(this.otherPort);
		String oldKey = project.getSecretKey();
		assertThat(there.post("/api/v1/generate", body(project, null), "Authorization", "Bearer " + oldKey).status())
			.isEqualTo(200);

		project.rotateSecretKey();
		this.projectRepository.save(project);

		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> there.post("/api/v1/generate", body(project, null), "Authorization", "Bearer " + oldKey)
				.status() == 401);
		assertThat(
				there.post("/api/v1/generate", body(project, null), "Authorization", "Bearer " + project.getSecretKey())
					.status())
			.isEqualTo(200);
	}

	@Test
	void whileTheListeningConnectionIsLostTheCacheIsBypassedUntilItIsBack() {
		Project project = this.projects.sandbox();
		ApiClient here = new ApiClient(this.port);
		String token = here.post("/api/v1/generate/public", body(project, null)).field("session_token");
		assertThat(here.post("/api/v1/verify/public", body(project, token)).body())
			.isEqualTo("{\"status\":\"pending\"}");
		assertThat(this.states.size()).isPositive();

		int pid = this.notifications.backendPid();
		assertThat(pid).isPositive();
		// The connection is killed and the session changes before this instance listens
		// again: that notification is lost for good.
		this.jdbc.execute("select pg_terminate_backend(" + pid + ")");
		this.jdbc.update(
				"update auth_sessions set status = 'cancelled', cancelled_at = now() where token_hash = sha256(convert_to(?, 'UTF8'))",
				token);

		// Once the loss is noticed (pid 0 while down, a new pid once back), memory is not
		// trusted: the change whose notification nobody heard is answered.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.notifications.backendPid() != pid);
		assertThat(here.post("/api/v1/verify/public", body(project, token)).field("status")).isEqualTo("cancelled");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.notifications.isListening() && this.notifications.backendPid() != pid);
		assertThat(here.post("/api/v1/verify/public", body(project, token)).field("status")).isEqualTo("cancelled");
	}

	@Test
	void longPollIsAnsweredAsSoonAsTheOtherInstanceConfirms() throws Exception {
		Project project = this.projects.sandbox();
		ApiClient here = new ApiClient(this.port);
		String token = here.post("/api/v1/generate/public", body(project, null)).field("session_token");
		CompletableFuture<HttpResponse<String>> held = postAsync(here, body(project, token, 20));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.longPolls.held() > 0);
		assertThat(held).isNotDone();

		long confirmedAt = System.nanoTime();
		TestSessions.confirm(this.otherSessions, this.jdbc, token,
				new TelegramIdentity(88L, "Long Poller", null, null));
		HttpResponse<String> response = held.get(5, TimeUnit.SECONDS);
		long latencyMillis = (System.nanoTime() - confirmedAt) / 1_000_000;
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"status\":\"confirmed\"").contains("\"proof\":\"");
		assertThat(latencyMillis).isLessThan(2_000);
	}

	@Test
	void longPollIsAnsweredPendingAtItsDeadline() throws Exception {
		Project project = this.projects.sandbox();
		ApiClient there = new ApiClient(this.otherPort);
		String token = there.post("/api/v1/generate/public", body(project, null)).field("session_token");
		long start = System.nanoTime();
		HttpResponse<String> response = postAsync(there, body(project, token, 1)).get(10, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"status\":\"pending\"}");
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(900));
	}

	@Test
	void longPollsBeyondTheBoundOfOneIpAreRateLimited() throws Exception {
		Project project = this.projects.sandbox();
		ApiClient here = new ApiClient(this.port);
		List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			String token = here.post("/api/v1/generate/public", body(project, null)).field("session_token");
			held.add(postAsync(here, body(project, token, 3)));
		}
		LongPolls polls = this.longPolls;
		await().atMost(Duration.ofSeconds(10)).until(() -> polls.held() >= 20);
		String token = here.post("/api/v1/generate/public", body(project, null)).field("session_token");
		Response refused = here.post("/api/v1/verify/public", body(project, token, 3));
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.code()).isEqualTo("RATE_LIMITED");
		assertThat(refused.header("Retry-After")).isNotNull();
		// Another client is not affected, and without "wait" this one is answered at
		// once.
		assertThat(new ApiClient(this.port).post("/api/v1/verify/public", body(project, token, 1)).status())
			.isEqualTo(200);
		assertThat(here.post("/api/v1/verify/public", body(project, token)).body())
			.isEqualTo("{\"status\":\"pending\"}");
		for (CompletableFuture<HttpResponse<String>> future : held) {
			assertThat(future.get(15, TimeUnit.SECONDS).body()).isEqualTo("{\"status\":\"pending\"}");
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> polls.held() == 0);
	}

	@Test
	void waitOutsideOneToTwentyFiveWholeSecondsIsABadRequest() {
		Project project = this.projects.sandbox();
		String token = this.api.post("/api/v1/generate/public", body(project, null)).field("session_token");
		for (String wait : List.of("0", "26", "-1", "2.5", "\"5\"", "true")) {
			Response response = this.api.post("/api/v1/verify/public", "{\"project_id\":\"" + project.getId()
					+ "\",\"session_token\":\"" + token + "\",\"wait\":" + wait + "}");
			assertThat(response.status()).as(wait).isEqualTo(400);
			assertThat(response.code()).isEqualTo("INVALID_REQUEST");
		}
	}

	private void setBothClocks(Instant instant) {
		this.clock.set(instant);
		this.otherClock.set(instant);
	}

	private static CompletableFuture<HttpResponse<String>> postAsync(ApiClient client, String json) {
		HttpRequest request = client.request("/api/v1/verify/public")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
	}

	private static String body(Project project, String token) {
		return (token != null) ? "{\"project_id\":\"" + project.getId() + "\",\"session_token\":\"" + token + "\"}"
				: "{\"project_id\":\"" + project.getId() + "\"}";
	}

	private static String body(Project project, String token, int wait) {
		return "{\"project_id\":\"" + project.getId() + "\",\"session_token\":\"" + token + "\",\"wait\":" + wait + "}";
	}

}
