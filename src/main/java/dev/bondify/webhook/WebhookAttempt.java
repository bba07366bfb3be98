package dev.bondify.webhook;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * One HTTP attempt of a delivery: the status code or the error, and how long it took.
 */
@Entity
@Table(name = "webhook_attempts")
class WebhookAttempt extends InsertOnlyEntity {

	@Column(name = "delivery_id")
	private UUID deliveryId;

	@Column(name = "project_id")
	private String projectId;

	private int attempt;

	@Column(name = "http_status")
	private Integer httpStatus;

	private String error;

	@Column(name = "duration_ms")
	private long durationMs;

	@Column(name = "attempted_at")
	private Instant attemptedAt;

	protected WebhookAttempt() {
	}

	WebhookAttempt(UUID deliveryId, String projectId, int attempt, SendResult result) {
		super(UUID.randomUUID());
		this.deliveryId = deliveryId;
		this.projectId = projectId;
		this.attempt = attempt;
		this.httpStatus = result.httpStatus();
		this.error = (result.error() != null && result.error().length() > 300) ? result.error().substring(0, 300)
				: result.error();
		this.durationMs = result.durationMs();
		this.attemptedAt = result.attemptedAt();
	}

	UUID getDeliveryId() {
		return this.deliveryId;
	}

	int getAttempt() {
		return this.attempt;
	}

	Integer getHttpStatus() {
		return this.httpStatus;
	}

	String getError() {
		return this.error;
	}

	long getDurationMs() {
		return this.durationMs;
	}

	Instant getAttemptedAt() {
		return this.attemptedAt;
	}

}
