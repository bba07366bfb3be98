package dev.bondify.webhook;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.session.TestSessions;
import dev.bondify.project.Project;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.RandomTokens;
import dev.bondify.support.WebhookReceiver.Answer;
import dev.bondify.support.WebhookReceiver.Received;
import dev.bondify.support.WebhookReceiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The developer's view of webhooks, at the service layer: the attempt log and the test
 * ping, only for the owner.
 */
class WebhookServiceIntegrationTest extends WebhookIntegrationTest {

	private static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

	@Autowired
	WebhookService webhooks;

	@Test
	void deliveriesWhenReceiverAlwaysFailsThenListsFourAttemptsNewestFirstAsFailed() {
		String developer = developer();
		Project owned = ownedProject(developer, this.receiver.url());
		this.receiver.alwaysAnswer(Answer.status(500));
		confirm(generate(owned));
		awaitAttempts(owned, 1);
		int attempt = 1;
		for (Duration backoff : List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5))) {
			this.clock.advance(backoff);
			this.dispatcher.runOnce();
			awaitAttempts(owned, ++attempt);
		}

		List<WebhookAttemptResponse> log = this.webhooks.deliveries(owned.getId(), developer);

		String deliveryId = this.receiver.received().get(0).header("X-Bondify-Delivery");
		assertThat(log).extracting(WebhookAttemptResponse::attempt).containsExactly(4, 3, 2, 1);
		assertThat(log).allSatisfy(entry -> {
			assertThat(entry.deliveryId()).isEqualTo(deliveryId);
			assertThat(entry.event()).isEqualTo("auth.confirmed");
			assertThat(entry.httpStatus()).isEqualTo(500);
			assertThat(entry.success()).isFalse();
			assertThat(entry.state()).isEqualTo("failed");
			assertThat(entry.attemptedAt()).matches(ISO_MILLIS);
			assertThat(entry.durationMs()).isNotNegative();
		});
		assertThat(log.get(0).attemptedAt()).isEqualTo(WebhookAttemptResponse.format(this.clock.instant()));
	}

	@Test
	void deliveriesWhenRetriedThenSucceededThenEveryAttemptShowsTheFinalState() {
		String developer = developer();
		Project owned = ownedProject(developer, this.receiver.url());
		this.receiver.thenAnswer(Answer.status(500));
		TestSessions.cancel(this.sessionService, this.jdbc, generate(owned), null);
		awaitAttempts(owned, 1);
		this.clock.advance(Duration.ofSeconds(10));
		this.dispatcher.runOnce();
		awaitAttempts(owned, 2);

		List<WebhookAttemptResponse> log = this.webhooks.deliveries(owned.getId(), developer);

		assertThat(log).extracting(WebhookAttemptResponse::attempt).containsExactly(2, 1);
		assertThat(log).extracting(WebhookAttemptResponse::httpStatus).containsExactly(200, 500);
		assertThat(log).extracting(WebhookAttemptResponse::state).containsOnly("delivered");
		assertThat(log).extracting(WebhookAttemptResponse::event).containsOnly("auth.cancelled");
	}

	@Test
	void pingThenSendsASignedPingOnceAndLogsIt() throws Exception {
		String developer = developer();
		Project owned = ownedProject(developer, this.receiver.url());

		WebhookAttemptResponse outcome = this.webhooks.ping(owned.getId(), developer);

		assertThat(outcome.success()).isTrue();
		assertThat(outcome.httpStatus()).isEqualTo(200);
		assertThat(outcome.attempt()).isEqualTo(1);
		assertThat(outcome.event()).isEqualTo("ping");
		assertThat(outcome.state()).isEqualTo("delivered");
		Received request = this.receiver.await(1).get(0);
		assertThat(request.bodyText()).isEqualTo("{\"event\":\"ping\",\"project_id\":\"" + owned.getId()
				+ "\",\"sent_at\":" + this.clock.millis() + "}");
		assertThat(request.header("X-Bondify-Event")).isEqualTo("ping");
		assertThat(request.header("X-Bondify-Delivery")).isEqualTo(outcome.deliveryId());
		assertThat(request.header("X-Bondify-Signature")).isEqualTo(hmacHex(owned.getSecretKey(), request.body()));
		assertThat(this.webhooks.deliveries(owned.getId(), developer)).containsExactly(outcome);
	}

	@Test
	void pingWhenReceiverFailsThenAnswersTheFailureAndNeverRetries() {
		String developer = developer();
		Project owned = ownedProject(developer, this.receiver.url());
		this.receiver.alwaysAnswer(Answer.status(500));

		WebhookAttemptResponse outcome = this.webhooks.ping(owned.getId(), developer);

		assertThat(outcome.success()).isFalse();
		assertThat(outcome.httpStatus()).isEqualTo(500);
		assertThat(outcome.state()).isEqualTo("failed");
		this.clock.advance(Duration.ofHours(1));
		assertNoFurtherAttempt(owned);
		assertThat(this.receiver.received()).hasSize(1);
	}

	@Nested
	class Refused {

		@Test
		void anotherDevelopersProjectIsNotFound() {
			Project owned = ownedProject(developer(), WebhookServiceIntegrationTest.this.receiver.url());
			String stranger = developer();

			assertCode(() -> WebhookServiceIntegrationTest.this.webhooks.deliveries(owned.getId(), stranger),
					ErrorCode.PROJECT_NOT_FOUND);
			assertCode(() -> WebhookServiceIntegrationTest.this.webhooks.ping(owned.getId(), stranger),
					ErrorCode.PROJECT_NOT_FOUND);
			assertThat(WebhookServiceIntegrationTest.this.receiver.received()).isEmpty();
		}

		@Test
		void pingWithoutWebhookUrlIsInvalid() {
			String developer = developer();
			Project owned = ownedProject(developer, null);

			assertCode(() -> WebhookServiceIntegrationTest.this.webhooks.ping(owned.getId(), developer),
					ErrorCode.INVALID_REQUEST);
		}

		private void assertCode(Runnable call, ErrorCode code) {
			assertThatExceptionOfType(ApiException.class).isThrownBy(call::run)
				.satisfies(ex -> assertThat(ex.code()).isEqualTo(code));
		}

	}

	private String developer() {
		String id = RandomTokens.lowerAlphanumeric("dev_", 16);
		this.jdbc.update("insert into developers (id, email, password_hash, created_at) values (?, ?, ?, ?)", id,
				id + "@example.com", "not-a-real-hash", Timestamp.from(this.clock.instant()));
		return id;
	}

	private Project ownedProject(String developerId, String webhookUrl) {
		Project project = new Project(developerId, "Owned App", false, this.clock.instant());
		project.setWebhookUrl(webhookUrl);
		return this.projectRepository.saveAndFlush(project);
	}

	private void awaitAttempts(Project project, int count) {
		WebhookReceiver.awaitUntil(() -> attemptsRecorded(project) >= count, count + " recorded attempt(s)");
	}

}
