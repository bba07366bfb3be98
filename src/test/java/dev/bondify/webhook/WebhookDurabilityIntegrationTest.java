package dev.bondify.webhook;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bondify.BondifyApplication;
import dev.bondify.project.Project;
import dev.bondify.support.TestDatabase;
import dev.bondify.support.WebhookReceiver.Received;
import dev.bondify.support.WebhookReceiver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deliveries survive a stop, are never held by two instances at once, and are pruned
 * after the retention.
 */
class WebhookDurabilityIntegrationTest extends WebhookIntegrationTest {

	@Autowired
	WebhookDeliveryRepository deliveries;

	@Autowired
	WebhookDeliveryStore store;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void undeliveredEventsOfAStoppedInstanceAreSentAfterTheNextStart() {
		Instant realNow = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		// This running instance stands for the stopped one: an hour behind, nothing below
		// is due for it.
		this.clock.set(realNow.minus(Duration.ofHours(1)));
		String token = generate(this.project);
		this.transactions.executeWithoutResult(status -> {
			confirm(token);
			// The outbox row is a JPA insert, flushed at commit unless asked: flush it so
			// the
			// update below finds it (otherwise it changes nothing and the row is due
			// now).
			this.deliveries.flush();
			assertThat(this.jdbc.update("update webhook_deliveries set next_attempt_at = ? where project_id = ?",
					Timestamp.from(realNow), this.project.getId()))
				.as("the confirm's outbox row")
				.isEqualTo(1);
		});
		// A second delivery whose sender died mid-attempt: its lease ran out a second
		// ago.
		WebhookDelivery crashed = this.deliveries.save(new WebhookDelivery(this.project.getId(), "auth.cancelled",
				"{\"event\":\"auth.cancelled\"}", realNow.minus(Duration.ofMinutes(1))));
		this.jdbc.update(
				"update webhook_deliveries set locked_until = ?, lease_token = ?, next_attempt_at = ? where id = ?",
				Timestamp.from(realNow.minusSeconds(1)), UUID.randomUUID(), Timestamp.from(realNow.minusSeconds(1)),
				crashed.getId());
		assertNoFurtherAttempt(this.project);
		assertThat(this.receiver.received()).isEmpty();

		try (ConfigurableApplicationContext next = startAnotherInstance()) {
			List<Received> received = this.receiver.await(2);
			assertThat(received).extracting(request -> request.header("X-Bondify-Event"))
				.containsExactlyInAnyOrder("auth.confirmed", "auth.cancelled");
			Received confirmed = received.stream()
				.filter(request -> "auth.confirmed".equals(request.header("X-Bondify-Event")))
				.findFirst()
				.orElseThrow();
			assertThat(confirmed.bodyText()).contains("\"session_token\":\"" + token + "\"");
			WebhookReceiver.awaitUntil(() -> attemptsRecorded(this.project) == 2, "both attempts to be recorded");
			assertThat(this.jdbc.queryForList("select state from webhook_deliveries where project_id = ?", String.class,
					this.project.getId()))
				.containsOnly("delivered");
		}
	}

	@Test
	void concurrentClaimsNeverHoldTheSameDelivery() throws Exception {
		// Due only in an hour, so this instance's own dispatcher leaves them alone.
		Instant dueAt = this.clock.instant().plus(Duration.ofHours(1));
		for (int i = 0; i < 10; i++) {
			this.deliveries.save(new WebhookDelivery(this.project.getId(), "auth.confirmed", "{}", dueAt));
		}
		int claimants = 4;
		CyclicBarrier start = new CyclicBarrier(claimants);
		ExecutorService pool = Executors.newFixedThreadPool(claimants);
		List<Future<List<UUID>>> futures = new ArrayList<>();
		for (int i = 0; i < claimants; i++) {
			Callable<List<UUID>> claim = () -> {
				start.await();
				return claim(dueAt);
			};
			futures.add(pool.submit(claim));
		}
		List<UUID> all = new ArrayList<>();
		for (Future<List<UUID>> future : futures) {
			all.addAll(future.get());
		}
		pool.shutdown();

		Set<UUID> distinct = new HashSet<>(all);
		assertThat(distinct).as("no delivery claimed twice").hasSameSizeAs(all);
		assertThat(all).hasSize(10);
		assertThat(claim(dueAt)).as("leases still held").isEmpty();
		assertThat(claim(dueAt.plus(Duration.ofMinutes(2)))).as("claimable again once the leases ran out").hasSize(10);
	}

	@Test
	void twoRunningInstancesDeliverEachEventOnce() {
		// Both instances on real time, so each sees the other's leases as they are.
		this.clock.reset();
		List<Project> hooked = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			hooked.add(this.projects.live(p -> p.setWebhookUrl(this.receiver.url())));
		}
		try (ConfigurableApplicationContext next = startAnotherInstance()) {
			Instant now = Instant.now();
			this.transactions.executeWithoutResult(status -> {
				for (int i = 0; i < 40; i++) {
					this.deliveries.save(new WebhookDelivery(hooked.get(i % hooked.size()).getId(), "auth.confirmed",
							"{\"n\":" + i + "}", now));
				}
			});
			List<Received> received = this.receiver.await(40);
			WebhookReceiver.awaitUntil(() -> hooked.stream().mapToInt(this::attemptsRecorded).sum() == 40,
					"all 40 attempts to be recorded");
			assertThat(received).hasSize(40);
			assertThat(received.stream().map(request -> request.header("X-Bondify-Delivery")).distinct())
				.as("no delivery sent twice")
				.hasSize(40);
			assertThat(this.jdbc.queryForObject(
					"select count(*) from webhook_deliveries where state = 'delivered' and project_id in (?, ?, ?, ?)",
					Integer.class, hooked.stream().map(Project::getId).toArray()))
				.isEqualTo(40);
		}
	}

	@Test
	void pruneForgetsFinishedDeliveriesPastTheRetentionOnly() {
		Instant now = this.clock.instant();
		WebhookDelivery old = this.deliveries.save(WebhookDelivery.finished(UUID.randomUUID(), this.project.getId(),
				"auth.confirmed", "{}", true, now.minus(Duration.ofDays(8)), now.minus(Duration.ofDays(8))));
		WebhookDelivery oldFailed = this.deliveries
			.save(WebhookDelivery.finished(UUID.randomUUID(), this.project.getId(), "auth.confirmed", "{}", false,
					now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(8))));
		WebhookDelivery recent = this.deliveries.save(WebhookDelivery.finished(UUID.randomUUID(), this.project.getId(),
				"auth.confirmed", "{}", true, now.minus(Duration.ofDays(6)), now.minus(Duration.ofDays(6))));
		WebhookDelivery pending = this.deliveries
			.save(new WebhookDelivery(this.project.getId(), "auth.confirmed", "{}", now.plus(Duration.ofDays(1))));

		assertThat(this.store.prune()).isGreaterThanOrEqualTo(2);

		assertThat(this.deliveries.existsById(old.getId())).isFalse();
		assertThat(this.deliveries.existsById(oldFailed.getId())).isFalse();
		assertThat(this.deliveries.existsById(recent.getId())).isTrue();
		assertThat(this.deliveries.existsById(pending.getId())).isTrue();
	}

	private List<UUID> claim(Instant now) {
		return this.transactions.execute(
				status -> this.deliveries.claim(now, now.plus(Duration.ofMinutes(1)), UUID.randomUUID(), 20, 20, 20)
					.stream()
					.filter(delivery -> delivery.getProjectId().equals(this.project.getId()))
					.map(WebhookDelivery::getId)
					.toList());
	}

	/**
	 * The same application started once more against the same database, with its own
	 * (real) clock.
	 */
	private static ConfigurableApplicationContext startAnotherInstance() {
		TestDatabase.Connection db = TestDatabase.get();
		return new SpringApplicationBuilder(BondifyApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
				"--spring.datasource.password=" + db.password(), "--bondify.data-dir=target/test-data",
				"--bondify.telegram.mode=off", "--bondify.webhooks.allow-insecure=true",
				"--bondify.webhooks.allow-private-targets=true", "--bondify.webhooks.timeout=2s",
				"--spring.jmx.enabled=false");
	}

}
