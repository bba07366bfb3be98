package dev.bondify.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.WebhookUrlPolicy;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.TestDevelopers.Developer;
import dev.bondify.support.WebhookReceiver;
import dev.bondify.support.WebhookReceiver.Answer;
import dev.bondify.support.WebhookReceiver.Received;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook endpoints of the developer API over HTTP, and the guard as the policy that
 * saves webhook URLs.
 */
class WebhookDeveloperApiIntegrationTest extends WebhookIntegrationTest {

	private static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

	@Autowired
	WebhookUrlPolicy webhookUrlPolicy;

	@Test
	void webhookDeliveriesListsAttemptsNewestFirstWithTheContractFields() {
		Developer developer = this.developers.register();
		JsonNode created = createProject(developer, this.receiver.url());
		String projectId = created.get("id").asString();
		this.receiver.thenAnswer(Answer.status(500));
		confirm(generate(this.projectRepository.findById(projectId).orElseThrow()));
		WebhookReceiver.awaitUntil(() -> attemptsOf(projectId) == 1, "the first attempt");
		this.clock.advance(Duration.ofSeconds(10));
		this.dispatcher.runOnce();
		WebhookReceiver.awaitUntil(() -> attemptsOf(projectId) == 2, "the retry");

		Response response = this.api.get("/api/v1/dev/projects/" + projectId + "/webhook-deliveries", developer.auth());

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode deliveries = response.json().get("deliveries");
		assertThat(deliveries).hasSize(2);
		JsonNode newest = deliveries.get(0);
		assertThat(new ArrayList<>(newest.propertyNames())).containsExactly("delivery_id", "event", "attempt",
				"success", "http_status", "error", "duration_ms", "attempted_at", "state");
		assertThat(newest.get("delivery_id").asString())
			.isEqualTo(this.receiver.received().get(0).header("X-Bondify-Delivery"));
		assertThat(newest.get("event").asString()).isEqualTo("auth.confirmed");
		assertThat(newest.get("attempt").isInt()).isTrue();
		assertThat(newest.get("attempt").asInt()).isEqualTo(2);
		assertThat(newest.get("success").asBoolean()).isTrue();
		assertThat(newest.get("http_status").asInt()).isEqualTo(200);
		assertThat(newest.get("error").isNull()).isTrue();
		assertThat(newest.get("duration_ms").isIntegralNumber()).isTrue();
		assertThat(newest.get("attempted_at").asString()).matches(ISO_MILLIS);
		assertThat(newest.get("state").asString()).isEqualTo("delivered");
		JsonNode first = deliveries.get(1);
		assertThat(first.get("attempt").asInt()).isEqualTo(1);
		assertThat(first.get("http_status").asInt()).isEqualTo(500);
		assertThat(first.get("success").asBoolean()).isFalse();
		assertThat(first.get("state").asString()).isEqualTo("delivered");
	}

	@Test
	void webhookTestSendsASignedPingAndAnswersTheOutcome() throws Exception {
		Developer developer = this.developers.register();
		JsonNode created = createProject(developer, this.receiver.url());
		String projectId = created.get("id").asString();

		Response response = this.api.post("/api/v1/dev/projects/" + projectId + "/webhook-test", null,
				developer.auth());

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode outcome = response.json();
		assertThat(outcome.get("event").asString()).isEqualTo("ping");
		assertThat(outcome.get("success").asBoolean()).isTrue();
		assertThat(outcome.get("http_status").asInt()).isEqualTo(200);
		assertThat(outcome.get("attempt").asInt()).isEqualTo(1);
		Received ping = this.receiver.await(1).get(0);
		assertThat(ping.bodyText()).startsWith("{\"event\":\"ping\",\"project_id\":\"" + projectId + "\",");
		assertThat(ping.header("X-Bondify-Delivery")).isEqualTo(outcome.get("delivery_id").asString());
		assertThat(ping.header("X-Bondify-Signature"))
			.isEqualTo(hmacHex(created.get("secret_key").asString(), ping.body()));
	}

	@Test
	void savingAWebhookUrlGoesThroughTheTargetGuard() {
		assertThat(this.webhookUrlPolicy).isInstanceOf(WebhookTargetGuard.class);
		Developer developer = this.developers.register();

		Response refused = this.api.post("/api/v1/dev/projects",
				"{\"name\":\"A\",\"webhook_url\":\"https://hooks.example.com/" + "a".repeat(2048) + "\"}",
				developer.auth());

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.code()).isEqualTo("INVALID_REQUEST");
		assertThat(refused.field("error")).startsWith("webhook_url is not allowed");
	}

	@Nested
	class Refused {

		@Test
		void withoutADeveloperTokenIsUnauthorized() {
			Developer developer = developers.register();
			String projectId = createProject(developer, receiver.url()).get("id").asString();

			Response list = api.get("/api/v1/dev/projects/" + projectId + "/webhook-deliveries");
			Response ping = api.post("/api/v1/dev/projects/" + projectId + "/webhook-test", null);

			assertThat(list.status()).isEqualTo(401);
			assertThat(list.code()).isEqualTo("UNAUTHORIZED");
			assertThat(ping.status()).isEqualTo(401);
			assertThat(ping.code()).isEqualTo("UNAUTHORIZED");
			assertThat(receiver.received()).isEmpty();
		}

		@Test
		void anotherDevelopersOrAnUnknownProjectIsNotFound() {
			String projectId = createProject(developers.register(), receiver.url()).get("id").asString();
			Developer stranger = developers.register();

			for (String id : List.of(projectId, "proj_doesnotexist0000")) {
				Response list = api.get("/api/v1/dev/projects/" + id + "/webhook-deliveries", stranger.auth());
				Response ping = api.post("/api/v1/dev/projects/" + id + "/webhook-test", null, stranger.auth());
				assertThat(list.status()).isEqualTo(404);
				assertThat(list.code()).isEqualTo("PROJECT_NOT_FOUND");
				assertThat(ping.status()).isEqualTo(404);
				assertThat(ping.code()).isEqualTo("PROJECT_NOT_FOUND");
			}
			assertThat(receiver.received()).isEmpty();
		}

		@Test
		void pingWithoutWebhookUrlIsInvalid() {
			Developer developer = developers.register();
			String projectId = developers.createProject(developer, "{\"name\":\"No hook\"}")
				.json()
				.get("id")
				.asString();

			Response ping = api.post("/api/v1/dev/projects/" + projectId + "/webhook-test", null, developer.auth());

			assertThat(ping.status()).isEqualTo(400);
			assertThat(ping.code()).isEqualTo("INVALID_REQUEST");
		}

		@Test
		void tooManyPingsAreRateLimited() {
			Developer developer = developers.register();
			String projectId = createProject(developer, receiver.url()).get("id").asString();
			for (int i = 0; i < WebhookController.PINGS_PER_MINUTE; i++) {
				assertThat(api.post("/api/v1/dev/projects/" + projectId + "/webhook-test", null, developer.auth())
					.status()).isEqualTo(200);
			}

			Response limited = api.post("/api/v1/dev/projects/" + projectId + "/webhook-test", null, developer.auth());

			assertThat(limited.status()).isEqualTo(429);
			assertThat(limited.code()).isEqualTo("RATE_LIMITED");
			assertThat(limited.header("Retry-After")).isNotBlank();
			assertThat(receiver.received()).hasSize(WebhookController.PINGS_PER_MINUTE);
		}

	}

	private JsonNode createProject(Developer developer, String webhookUrl) {
		return this.developers.createProject(developer, "{\"name\":\"Hooked\",\"webhook_url\":\"" + webhookUrl + "\"}")
			.json();
	}

	private int attemptsOf(String projectId) {
		Integer count = this.jdbc.queryForObject("select count(*) from webhook_attempts where project_id = ?",
				Integer.class, projectId);
		return (count != null) ? count : 0;
	}

}
