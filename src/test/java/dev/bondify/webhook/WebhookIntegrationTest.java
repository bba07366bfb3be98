package dev.bondify.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.function.Consumer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.session.TestSessions;
import dev.bondify.session.SessionService;
import dev.bondify.session.TelegramIdentity;
import dev.bondify.session.TransitionResult;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.WebhookReceiver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared set-up of the webhook flow tests: a loopback receiver, a project pointing at it,
 * a fixed clock, and ways to produce events through the real session service.
 */
abstract class WebhookIntegrationTest extends IntegrationTest {

	static final TelegramIdentity ALEX = new TelegramIdentity(123456789L, "Alex Johnson", "alexj", null);

	@Autowired
	SessionService sessionService;

	@Autowired
	WebhookDispatcher dispatcher;

	@Autowired
	MeterRegistry meters;

	WebhookReceiver receiver;

	Project project;

	@BeforeEach
	void setUpWebhooks() {
		// Deliveries left by other test classes must not take turns in this test's
		// dispatcher runs.
		this.jdbc.update("delete from webhook_deliveries");
		// Fixed time: retries become due only when a test moves the clock.
		this.clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
		this.receiver = new WebhookReceiver();
		this.project = this.projects.live(p -> p.setWebhookUrl(this.receiver.url()));
	}

	@AfterEach
	void tearDownWebhooks() {
		this.receiver.close();
		// Nothing of this test may keep retrying into the next one.
		this.jdbc.update("delete from webhook_deliveries");
	}

	String generate(Project project) {
		return this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + project.getId() + "\"}")
			.field("session_token");
	}

	TransitionResult confirm(String token) {
		TransitionResult result = TestSessions.confirm(this.sessionService, this.jdbc, token, ALEX);
		assertThat(result.done()).isTrue();
		return result;
	}

	Project update(Project project, Consumer<Project> change) {
		Project fresh = this.projectRepository.findById(project.getId()).orElseThrow();
		change.accept(fresh);
		return this.projectRepository.saveAndFlush(fresh);
	}

	/** Attempts recorded so far for the project's deliveries. */
	int attemptsRecorded(Project project) {
		Integer count = this.jdbc.queryForObject("select count(*) from webhook_attempts where project_id = ?",
				Integer.class, project.getId());
		return (count != null) ? count : 0;
	}

	void awaitAttemptsRecorded(int count) {
		WebhookReceiver.awaitUntil(() -> attemptsRecorded(this.project) >= count,
				count + " recorded attempt(s), got " + attemptsRecorded(this.project));
	}

	/**
	 * A dispatcher run now attempts nothing more for the project: not due yet, or
	 * finished.
	 */
	void assertNoFurtherAttempt(Project project) {
		int attempts = attemptsRecorded(project);
		int received = this.receiver.received().size();
		this.dispatcher.runOnce();
		assertThat(attemptsRecorded(project)).as(() -> "attempts: " + this.jdbc.queryForList(
				"select a.*, d.event, d.next_attempt_at, d.created_at from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id where a.project_id = ?",
				project.getId()) + " clock " + this.clock.instant())
			.isEqualTo(attempts);
		assertThat(this.receiver.received()).hasSize(received);
	}

	String deliveryState(String deliveryId) {
		return this.jdbc.queryForObject("select state from webhook_deliveries where id = cast(? as uuid)", String.class,
				deliveryId);
	}

	double counter(String outcome) {
		return this.meters.counter("bondify.webhook.deliveries", "outcome", outcome).count();
	}

	/**
	 * The signature recomputed independently of {@link WebhookSigner}, over the raw bytes
	 * received.
	 */
	static String hmacHex(String secretKey, byte[] body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(body));
	}

}
