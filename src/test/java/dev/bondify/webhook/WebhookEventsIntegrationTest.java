package dev.bondify.webhook;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bondify.project.Project;
import dev.bondify.session.TestSessions;
import dev.bondify.session.TransitionResult;
import dev.bondify.support.WebhookReceiver.Received;
import dev.bondify.support.WebhookReceiver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which events are sent, with which exact bytes and headers, signed with which key.
 */
class WebhookEventsIntegrationTest extends WebhookIntegrationTest {

	@Test
	void confirmWhenProjectHasWebhookThenSendsOneSignedAuthConfirmed() throws Exception {
		String token = generate(this.project);
		TransitionResult confirmed = confirm(token);
		long confirmedAt = confirmed.session().confirmedAt().toEpochMilli();

		Received request = this.receiver.await(1).get(0);

		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/hook");
		assertThat(request.bodyText()).isEqualTo("{\"event\":\"auth.confirmed\",\"project_id\":\""
				+ this.project.getId() + "\",\"session_token\":\"" + token
				+ "\",\"telegram_id\":\"123456789\",\"telegram_name\":\"Alex Johnson\","
				+ "\"telegram_username\":\"alexj\",\"telegram_phone\":null,\"confirmed_at\":" + confirmedAt + "}");
		assertThat(request.header("Content-Type")).isEqualTo("application/json");
		assertThat(request.header("X-Bondify-Event")).isEqualTo("auth.confirmed");
		assertThat(request.header("X-Bondify-Signature"))
			.isEqualTo(hmacHex(this.project.getSecretKey(), request.body()))
			.matches("[0-9a-f]{64}");
		assertThat(request.header("X-Bondify-Timestamp"))
			.isEqualTo(Long.toString(this.clock.instant().getEpochSecond()));
		String deliveryId = request.header("X-Bondify-Delivery");
		assertThat(this.jdbc.queryForObject(
				"select count(*) from webhook_deliveries where id = cast(? as uuid) and project_id = ? and event = ?",
				Integer.class, deliveryId, this.project.getId(), "auth.confirmed"))
			.isEqualTo(1);

		awaitAttemptsRecorded(1);
		assertThat(deliveryState(deliveryId)).isEqualTo("delivered");
		assertNoFurtherAttempt(this.project);
		assertThat(this.receiver.received()).hasSize(1);
	}

	@Test
	void cancelWhenProjectHasWebhookThenSendsAuthCancelled() throws Exception {
		String token = generate(this.project);
		TransitionResult cancelled = TestSessions.cancel(this.sessionService, this.jdbc, token, null);
		assertThat(cancelled.done()).isTrue();

		Received request = this.receiver.await(1).get(0);

		assertThat(request.bodyText()).isEqualTo(
				"{\"event\":\"auth.cancelled\",\"project_id\":\"" + this.project.getId() + "\",\"session_token\":\""
						+ token + "\",\"cancelled_at\":" + cancelled.session().cancelledAt().toEpochMilli() + "}");
		assertThat(request.header("X-Bondify-Event")).isEqualTo("auth.cancelled");
		assertThat(request.header("X-Bondify-Signature"))
			.isEqualTo(hmacHex(this.project.getSecretKey(), request.body()));
	}

	@Test
	void expiryThenNoEventIsWrittenOrSent() {
		String token = generate(this.project);
		this.clock.advance(Duration.ofMinutes(11));

		assertThat(TestSessions.confirm(this.sessionService, this.jdbc, token, ALEX).outcome())
			.isEqualTo(TransitionResult.Outcome.EXPIRED);
		assertThat(TestSessions.cancel(this.sessionService, this.jdbc, token, null).outcome())
			.isEqualTo(TransitionResult.Outcome.EXPIRED);

		assertNoFurtherAttempt(this.project);
		assertThat(deliveriesOf(this.project)).isZero();
		assertThat(this.receiver.received()).isEmpty();
	}

	@Test
	void confirmWhenProjectHasNoWebhookThenNothingIsQueued() {
		Project quiet = this.projects.live();
		confirm(generate(quiet));

		assertThat(deliveriesOf(quiet)).isZero();
	}

	@Test
	void secondConfirmOfTheSameSessionThenNoSecondEvent() {
		String token = generate(this.project);
		confirm(token);
		assertThat(TestSessions.confirm(this.sessionService, this.jdbc, token, ALEX).outcome())
			.isEqualTo(TransitionResult.Outcome.ALREADY_CONFIRMED);

		this.receiver.await(1);
		awaitAttemptsRecorded(1);
		assertThat(deliveriesOf(this.project)).isEqualTo(1);
		assertThat(this.receiver.received()).hasSize(1);
	}

	@Test
	void regenerateThenLaterEventsAreSignedWithTheNewKey() throws Exception {
		String oldKey = this.project.getSecretKey();
		confirm(generate(this.project));
		Received before = this.receiver.await(1).get(0);
		assertThat(before.header("X-Bondify-Signature")).isEqualTo(hmacHex(oldKey, before.body()));

		Project rotated = update(this.project, Project::rotateSecretKey);
		String newKey = rotated.getSecretKey();
		assertThat(newKey).isNotEqualTo(oldKey);
		confirm(generate(this.project));

		Received after = this.receiver.await(2).get(1);
		assertThat(after.header("X-Bondify-Signature")).isEqualTo(hmacHex(newKey, after.body()))
			.isNotEqualTo(hmacHex(oldKey, after.body()));
	}

	@Test
	void retriesAfterRegenerateAreSignedWithTheCurrentKey() throws Exception {
		this.receiver.thenAnswer(WebhookReceiver.Answer.status(500));
		confirm(generate(this.project));
		Received first = this.receiver.await(1).get(0);
		awaitAttemptsRecorded(1);

		Project rotated = update(this.project, Project::rotateSecretKey);
		this.clock.advance(Duration.ofSeconds(10));
		this.dispatcher.runOnce();

		Received retry = this.receiver.await(2).get(1);
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(retry.header("X-Bondify-Delivery")).isEqualTo(first.header("X-Bondify-Delivery"));
		assertThat(retry.header("X-Bondify-Signature")).isEqualTo(hmacHex(rotated.getSecretKey(), retry.body()));
	}

	private int deliveriesOf(Project project) {
		List<Integer> counts = this.jdbc.queryForList("select count(*) from webhook_deliveries where project_id = ?",
				Integer.class, project.getId());
		return counts.get(0);
	}

}
