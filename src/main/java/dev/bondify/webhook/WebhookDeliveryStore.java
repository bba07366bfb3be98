package dev.bondify.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The short transactions around a send: claim due deliveries under a lease, then record
 * the outcome of an attempt and decide between done, retry later and give up. Sending
 * itself happens outside any transaction.
 */
@Component
class WebhookDeliveryStore {

	private final WebhookDeliveryRepository deliveries;

	private final WebhookAttemptRepository attempts;

	private final Clock clock;

	private final WebhookProperties properties;

	WebhookDeliveryStore(WebhookDeliveryRepository deliveries, WebhookAttemptRepository attempts, Clock clock,
			WebhookProperties properties) {
		this.deliveries = deliveries;
		this.attempts = attempts;
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * Leases up to {@code limit} due deliveries to this caller, within every project's
	 * and every developer's concurrency cap; the lease is short and renewed while the
	 * send lasts.
	 */
	@Transactional
	List<WebhookDelivery> claim(int limit) {
		if (limit < 1) {
			return List.of();
		}
		this.deliveries.lockClaims();
		// Read after the lock: a claim that waited for it must not judge what is due by
		// the time before it waited.
		Instant now = this.clock.instant();
		return this.deliveries.claim(now, now.plus(this.properties.lease()), UUID.randomUUID(),
				Math.min(limit, this.properties.batchSize()), this.properties.perProjectConcurrency(),
				this.properties.perDeveloperConcurrency());
	}

	/** Extends the leases of the claims still being sent by this instance. */
	@Transactional
	int renew(Collection<UUID> leaseTokens) {
		if (leaseTokens.isEmpty()) {
			return 0;
		}
		return this.deliveries.renewLeases(leaseTokens, this.clock.instant().plus(this.properties.lease()));
	}

	/**
	 * Records one attempt of a claimed delivery; answers {@code LOST} if the lease was
	 * taken over meanwhile.
	 */
	@Transactional
	Outcome record(WebhookDelivery delivery, SendResult result) {
		int attempt = delivery.getAttempts() + 1;
		Instant now = this.clock.instant();
		String state;
		Instant nextAttemptAt = now;
		Instant finishedAt = null;
		Outcome outcome;
		if (result.success()) {
			state = WebhookDelivery.DELIVERED;
			finishedAt = now;
			outcome = Outcome.SUCCESS;
		}
		else if (attempt < this.properties.maxAttempts()) {
			state = WebhookDelivery.PENDING;
			nextAttemptAt = now.plus(this.properties.backoff().get(attempt - 1));
			outcome = Outcome.FAILURE;
		}
		else {
			state = WebhookDelivery.FAILED;
			finishedAt = now;
			outcome = Outcome.GAVE_UP;
		}
		int updated = this.deliveries.finishAttempt(delivery.getId(), delivery.getLeaseToken(), attempt, state,
				nextAttemptAt, finishedAt);
		if (updated == 0) {
			return Outcome.LOST;
		}
		this.attempts.save(new WebhookAttempt(delivery.getId(), delivery.getProjectId(), attempt, result));
		return outcome;
	}

	/** Stores a test ping, sent once and never retried, with its only attempt. */
	@Transactional
	WebhookDelivery recordPing(String projectId, UUID deliveryId, String payload, SendResult result) {
		WebhookDelivery ping = WebhookDelivery.finished(deliveryId, projectId, WebhookService.PING, payload,
				result.success(), result.attemptedAt(), this.clock.instant());
		this.deliveries.save(ping);
		this.attempts.save(new WebhookAttempt(deliveryId, projectId, 1, result));
		return ping;
	}

	/**
	 * Deletes finished deliveries older than the retention; pending ones are kept
	 * whatever their age.
	 */
	@Transactional
	int prune() {
		return this.deliveries.pruneFinishedBefore(this.clock.instant().minus(this.properties.retention()));
	}

	/** What became of an attempt. */
	enum Outcome {

		/** Delivered (a 2xx answer). */
		SUCCESS,
		/** Failed; another attempt is scheduled. */
		FAILURE,
		/** Failed for the last time. */
		GAVE_UP,
		/**
		 * Another instance took the delivery over (our lease ran out); nothing recorded.
		 */
		LOST

	}

}
