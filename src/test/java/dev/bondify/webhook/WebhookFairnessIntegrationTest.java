package dev.bondify.webhook;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.support.HangingEndpoint;
import dev.bondify.support.WebhookReceiver;
import dev.bondify.support.WebhookReceiver.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One project's hanging endpoint delays nobody else, holds at most its concurrency cap,
 * and a stopped instance's deliveries come back within the lease.
 */
class WebhookFairnessIntegrationTest extends WebhookIntegrationTest {

	@Autowired
	WebhookDeliveryRepository deliveries;

	@Autowired
	WebhookProperties properties;

	@Test
	void aHangingEndpointDelaysOnlyItsOwnProjectsDeliveries() {
		int cap = this.properties.perProjectConcurrency();
		try (HangingEndpoint hanging = new HangingEndpoint()) {
			Project slow = this.projects.live(p -> p.setWebhookUrl(hanging.url()));
			// Three rounds of the cap: the slow project has sends open for about three
			// timeouts, however long each step below takes on a loaded box.
			for (int i = 0; i < 3 * cap; i++) {
				confirm(generate(slow));
			}
			hanging.awaitReceived(cap);
			AtomicInteger slowOpenOnArrival = slowOpenWhenTheReceiverGetsARequest(hanging);

			confirm(generate(this.project));
			this.receiver.await(1);
			awaitAttemptsRecorded(1);

			// Ordering, not timing: the healthy project's event arrived while sends of
			// the slow one were still open, and the slow one never held more than its
			// cap at once.
			assertThat(slowOpenOnArrival.get()).as("slow project's sends open when the healthy event arrived")
				.isPositive();
			assertThat(hanging.peakOpen()).as("slow project's sends open at once").isBetween(1, cap);
		}
		WebhookReceiver.awaitUntil(() -> this.dispatcher.inFlight() == 0, "the slow project's sends to end");
	}

	@Test
	void aDeveloperWhoseManyProjectsHangCannotDelayAnotherDevelopersDeliveries() {
		int perDeveloper = this.properties.perDeveloperConcurrency();
		int perProject = this.properties.perProjectConcurrency();
		// Enough hanging projects to fill every slot of the instance if only the
		// per-project cap held.
		int projectCount = this.properties.maxInFlight() / perProject;
		assertThat(perDeveloper).isLessThan(this.properties.maxInFlight());
		String developerId = "dev_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		this.jdbc.update("insert into developers (id, email, password_hash, created_at) values (?, ?, 'x', now())",
				developerId, developerId + "@example.com");
		try (HangingEndpoint hanging = new HangingEndpoint()) {
			List<Project> slow = new ArrayList<>();
			for (int i = 0; i < projectCount; i++) {
				Project project = new Project(developerId, "Slow " + i, false, this.clock.instant());
				project.setWebhookUrl(hanging.url());
				slow.add(this.projectRepository.saveAndFlush(project));
			}
			for (Project project : slow) {
				for (int i = 0; i < perProject; i++) {
					this.deliveries.save(new WebhookDelivery(project.getId(), "auth.confirmed",
							"{\"event\":\"auth.confirmed\"}", this.clock.instant()));
				}
			}
			this.dispatcher.wake();
			hanging.awaitReceived(perDeveloper);
			AtomicInteger slowOpenOnArrival = slowOpenWhenTheReceiverGetsARequest(hanging);

			confirm(generate(this.project));
			this.receiver.await(1);
			awaitAttemptsRecorded(1);

			// Ordering, not timing: the other developer's event arrived while sends of
			// the slow developer were still open (maxInFlight / perDeveloper rounds of
			// timeouts queued), and that developer never held more than its cap at once
			// over all its projects.
			assertThat(slowOpenOnArrival.get()).as("slow developer's sends open when the other event arrived")
				.isPositive();
			assertThat(hanging.peakOpen()).as("slow developer's sends open at once").isBetween(1, perDeveloper);
			Integer leased = this.jdbc.queryForObject(
					"select count(*) from webhook_deliveries w join projects p on p.id = w.project_id where p.developer_id = ? and w.locked_until > ?",
					Integer.class, developerId, Timestamp.from(this.clock.instant()));
			assertThat(leased).as("leases the slow developer holds").isLessThanOrEqualTo(perDeveloper);
		}
		finally {
			WebhookReceiver.awaitUntil(() -> this.dispatcher.inFlight() == 0, "the slow developer's sends to end");
			this.jdbc.update("delete from developers where id = ?", developerId);
		}
	}

	@Test
	void aDeliveryHeldByAStoppedInstanceIsResumedWhenItsLeaseRunsOut() {
		Instant now = this.clock.instant();
		WebhookDelivery held = this.deliveries
			.save(new WebhookDelivery(this.project.getId(), "auth.confirmed", "{\"event\":\"auth.confirmed\"}", now));
		// Claimed just now by an instance that was then killed: its lease never renewed.
		this.jdbc.update("update webhook_deliveries set locked_until = ?, lease_token = ? where id = ?",
				Timestamp.from(now.plus(this.properties.lease())), UUID.randomUUID(), held.getId());
		assertNoFurtherAttempt(this.project);

		this.clock.advance(this.properties.lease());

		assertThat(this.receiver.await(1)).singleElement()
			.satisfies(request -> assertThat(request.header("X-Bondify-Delivery")).isEqualTo(held.getId().toString()));
		awaitAttemptsRecorded(1);
		assertThat(deliveryState(held.getId().toString())).isEqualTo("delivered");
		assertThat(this.properties.lease().plus(this.properties.pollInterval()))
			.as("a killed instance's deliveries resume within ~15 s")
			.isLessThanOrEqualTo(Duration.ofSeconds(15));
	}

	@Test
	void aLiveSendKeepsItsLeaseBeyondTheLeaseDuration() {
		try (WebhookReceiver hanging = new WebhookReceiver().alwaysAnswer(Answer.slowerThanAnyTimeout())) {
			Project slow = this.projects.live(p -> p.setWebhookUrl(hanging.url()));
			confirm(generate(slow));
			hanging.await(1);

			this.clock.advance(this.properties.lease().plusSeconds(1));
			this.dispatcher.renewLeases();

			Timestamp lockedUntil = this.jdbc.queryForObject(
					"select locked_until from webhook_deliveries where project_id = ?", Timestamp.class, slow.getId());
			assertThat(lockedUntil.toInstant()).isEqualTo(this.clock.instant().plus(this.properties.lease()));
			this.dispatcher.runOnce();
			assertThat(hanging.received()).as("not taken over while its sender lives").hasSize(1);
		}
		WebhookReceiver.awaitUntil(() -> this.dispatcher.inFlight() == 0, "the hanging send to end");
	}

	/**
	 * How many requests of {@code hanging} are open when the healthy receiver gets its
	 * first request (-1 until then), noted on the receiving thread at that moment.
	 */
	private AtomicInteger slowOpenWhenTheReceiverGetsARequest(HangingEndpoint hanging) {
		AtomicInteger open = new AtomicInteger(-1);
		this.receiver.whenReceived((request) -> open.compareAndSet(-1, hanging.openNow()));
		return open;
	}

}
