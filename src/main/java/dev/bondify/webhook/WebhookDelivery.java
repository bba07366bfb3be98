package dev.bondify.webhook;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import dev.bondify.system.SealedText;

/**
 * One event to deliver to a project's webhook URL, with the exact body and where it
 * stands; its id is the {@code X-Bondify-Delivery} header, the same on every attempt.
 * Changed only by {@link WebhookDeliveryRepository}'s conditional updates.
 */
@Entity
@Table(name = "webhook_deliveries")
class WebhookDelivery extends InsertOnlyEntity {

	static final String PENDING = "pending";

	static final String DELIVERED = "delivered";

	static final String FAILED = "failed";

	@Column(name = "project_id")
	private String projectId;

	private String event;

	/** Holds session tokens and phone numbers: sealed in its column. */
	@Convert(converter = SealedText.class)
	private String payload;

	private String state;

	private int attempts;

	@Column(name = "next_attempt_at")
	private Instant nextAttemptAt;

	@Column(name = "locked_until")
	private Instant lockedUntil;

	@Column(name = "lease_token")
	private UUID leaseToken;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "finished_at")
	private Instant finishedAt;

	protected WebhookDelivery() {
	}

	/** A pending delivery, due at once. */
	WebhookDelivery(String projectId, String event, String payload, Instant now) {
		this(UUID.randomUUID(), projectId, event, payload, now);
	}

	private WebhookDelivery(UUID id, String projectId, String event, String payload, Instant now) {
		super(id);
		this.projectId = projectId;
		this.event = event;
		this.payload = payload;
		this.state = PENDING;
		this.nextAttemptAt = now;
		this.createdAt = now;
	}

	/** A delivery sent once and already finished (a test ping). */
	static WebhookDelivery finished(UUID id, String projectId, String event, String payload, boolean delivered,
			Instant createdAt, Instant finishedAt) {
		WebhookDelivery delivery = new WebhookDelivery(id, projectId, event, payload, createdAt);
		delivery.state = delivered ? DELIVERED : FAILED;
		delivery.attempts = 1;
		delivery.finishedAt = finishedAt;
		return delivery;
	}

	String getProjectId() {
		return this.projectId;
	}

	String getEvent() {
		return this.event;
	}

	String getPayload() {
		return this.payload;
	}

	String getState() {
		return this.state;
	}

	/** Attempts finished so far. */
	int getAttempts() {
		return this.attempts;
	}

	UUID getLeaseToken() {
		return this.leaseToken;
	}

	@Override
	public String toString() {
		return "WebhookDelivery[" + getId() + ", " + this.event + ", " + this.state + "]";
	}

}
