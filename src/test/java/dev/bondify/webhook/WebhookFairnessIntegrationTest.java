package dev.bondify.webhook;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
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
		try (WebhookReceiver hanging = new WebhookReceiver().alwaysAnswer(Answer.slowerThanAnyTimeout())) {
			Project slow = this.projects.live(p -> p.setWebhookUrl(hanging.url()));
			for (int i = 0; i < cap + 2; i++) {
				confirm(generate(slow));
			}
			hanging.await(cap);

			confirm(generate(this.project));
			this.receiver.await(1);

			// Ordering, not timing: the healthy project's event arrived while every send
			// of the slow one still hangs (none has timed out and been recorded), and the
			// slow one holds no more than its cap.
			assertThat(attemptsRecorded(slow)).as("slow project's attempts finished").isZero();
			assertThat(hanging.received()).as("slow project's sends in flight").hasSize(cap);
			awaitAttemptsRecorded(1);
			assertThat(attemptsRecorded(slow)).isZero();
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
		try (WebhookReceiver hanging = new WebhookReceiver().alwaysAnswer(Answer.slowerThanAnyTimeout())) {
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
			hanging.await(perDeveloper);

			confirm(generate(this.project));
			this.receiver.await(1);

			// Ordering, not timing: the other developer's event arrived while every send
			// of the slow developer still hangs, and that developer holds no more than
			// its
			// cap over all its projects.
			assertThat(slow).as("slow developer's attempts finished")
				.allSatisfy(p -> assertThat(attemptsRecorded(p)).isZero());
			assertThat(hanging.received()).as("slow developer's sends in flight").hasSize(perDeveloper);
			awaitAttemptsRecorded(1);
			assertThat(slow).allSatisfy(p -> assertThat(attemptsRecorded(p)).isZero());
			Integer leased = this.jdbc.queryForObject(
					"select count(*) from webhook_deliveries w join projects p on p.id = w.project_id where p.developer_id = ? and w.locked_until > ?",
					Integer.class, developerId, Timestamp.from(this.clock.instant()));
			assertThat(leased).as("leases the slow developer holds").isEqualTo(perDeveloper);
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

}
