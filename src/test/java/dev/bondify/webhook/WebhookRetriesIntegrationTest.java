package dev.bondify.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bondify.support.WebhookReceiver.Answer;
import dev.bondify.support.WebhookReceiver.Received;
import dev.bondify.support.WebhookReceiver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed attempts: retries on the backoff with the same delivery id and bytes, giving up
 * after the last retry, timeouts and redirects counted as failures; the clock is moved
 * instead of waiting for the backoff.
 */
class WebhookRetriesIntegrationTest extends WebhookIntegrationTest {

	@Test
	void receiverFailsTwiceThenSucceedsThenThreeAttemptsWithTheSameDeliveryId() {
		this.receiver.thenAnswer(Answer.status(500), Answer.status(500));
		double successes = counter("success");
		double failures = counter("failure");
		confirm(generate(this.project));
		this.receiver.await(1);
		awaitAttemptsRecorded(1);

		this.clock.advance(Duration.ofSeconds(9));
		assertNoFurtherAttempt(this.project);
		this.clock.advance(Duration.ofSeconds(1));
		this.dispatcher.runOnce();
		this.receiver.await(2);
		awaitAttemptsRecorded(2);

		this.clock.advance(Duration.ofSeconds(59));
		assertNoFurtherAttempt(this.project);
		this.clock.advance(Duration.ofSeconds(1));
		this.dispatcher.runOnce();
		List<Received> requests = this.receiver.await(3);
		awaitAttemptsRecorded(3);

		String deliveryId = requests.get(0).header("X-Bondify-Delivery");
		assertThat(requests).extracting(request -> request.header("X-Bondify-Delivery")).containsOnly(deliveryId);
		assertThat(requests).extracting(Received::bodyText).containsOnly(requests.get(0).bodyText());
		assertThat(deliveryState(deliveryId)).isEqualTo("delivered");
		assertThat(attemptLog(deliveryId)).containsExactly(Map.of("attempt", 1, "http_status", 500),
				Map.of("attempt", 2, "http_status", 500), Map.of("attempt", 3, "http_status", 200));
		assertThat(counter("success") - successes).isEqualTo(1);
		assertThat(counter("failure") - failures).isEqualTo(2);
		assertThat(scrape().body())
			.containsPattern("bondify_webhook_deliveries_total\\{[^}]*outcome=\"success\"[^}]*\\} [0-9.]+")
			.containsPattern("bondify_webhook_deliveries_total\\{[^}]*outcome=\"failure\"[^}]*\\} [0-9.]+");

		this.clock.advance(Duration.ofHours(1));
		assertNoFurtherAttempt(this.project);
		assertThat(this.receiver.received()).hasSize(3);
	}

	@Test
	void receiverAlwaysFailsThenFourAttemptsThenGivenUp() {
		this.receiver.alwaysAnswer(Answer.status(503));
		double failures = counter("failure");
		double gaveUp = counter("gave_up");
		confirm(generate(this.project));
		this.receiver.await(1);
		awaitAttemptsRecorded(1);

		int attempt = 1;
		for (Duration backoff : List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5))) {
			this.clock.advance(backoff);
			this.dispatcher.runOnce();
			attempt++;
			this.receiver.await(attempt);
			awaitAttemptsRecorded(attempt);
		}

		String deliveryId = this.receiver.received().get(0).header("X-Bondify-Delivery");
		assertThat(deliveryState(deliveryId)).isEqualTo("failed");
		assertThat(counter("failure") - failures).isEqualTo(3);
		assertThat(counter("gave_up") - gaveUp).isEqualTo(1);
		this.clock.advance(Duration.ofDays(1));
		assertNoFurtherAttempt(this.project);
		assertThat(this.receiver.received()).hasSize(4);
	}

	@Test
	void receiverSlowerThanTheTimeoutThenCountedAsFailureAndRetried() {
		this.receiver.thenAnswer(Answer.slowerThanAnyTimeout());
		double failures = counter("failure");
		confirm(generate(this.project));
		this.receiver.await(1);
		awaitAttemptsRecorded(1);

		Map<String, Object> attempt = this.jdbc.queryForMap(
				"select http_status, error, duration_ms from webhook_attempts where project_id = ?",
				this.project.getId());
		assertThat(attempt.get("http_status")).isNull();
		assertThat((String) attempt.get("error")).isEqualTo("No complete answer within 2000 ms.");
		assertThat(((Number) attempt.get("duration_ms")).longValue()).isBetween(2000L, 9000L);
		assertThat(counter("failure") - failures).isEqualTo(1);
		String deliveryId = this.receiver.received().get(0).header("X-Bondify-Delivery");
		assertThat(deliveryState(deliveryId)).isEqualTo("pending");

		this.clock.advance(Duration.ofSeconds(10));
		this.dispatcher.runOnce();
		this.receiver.await(2);
		awaitAttemptsRecorded(2);
		assertThat(deliveryState(deliveryId)).isEqualTo("delivered");
	}

	@Test
	void receiverRedirectsThenTheRedirectIsNotFollowedAndCountsAsFailure() {
		try (WebhookReceiver elsewhere = new WebhookReceiver()) {
			this.receiver.thenAnswer(Answer.redirect(elsewhere.url()));
			confirm(generate(this.project));
			this.receiver.await(1);
			awaitAttemptsRecorded(1);

			Map<String, Object> attempt = this.jdbc.queryForMap(
					"select http_status, error from webhook_attempts where project_id = ?", this.project.getId());
			assertThat(attempt.get("http_status")).isEqualTo(302);
			assertThat((String) attempt.get("error")).isEqualTo("Redirects are not followed (HTTP 302).");
			assertThat(deliveryState(this.receiver.received().get(0).header("X-Bondify-Delivery")))
				.isEqualTo("pending");
			assertThat(elsewhere.received()).isEmpty();
		}
	}

	private List<Map<String, Object>> attemptLog(String deliveryId) {
		return this.jdbc.queryForList(
				"select attempt, http_status from webhook_attempts where delivery_id = cast(? as uuid) order by attempt",
				deliveryId);
	}

}
