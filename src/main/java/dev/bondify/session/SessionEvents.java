package dev.bondify.session;

import java.time.Instant;
import java.util.UUID;

/**
 * Domain events published inside the transaction of a state change, so listeners (webhook
 * outbox, metrics) commit or roll back together with it.
 */
public final class SessionEvents {

	private SessionEvents() {
	}

	/** A user confirmed a sign-in. */
	public record Confirmed(UUID sessionId, String projectId, String sessionToken, TelegramIdentity identity,
			Instant confirmedAt) {
	}

	/** A user cancelled a sign-in. */
	public record Cancelled(UUID sessionId, String projectId, String sessionToken, Instant cancelledAt) {
	}

	/** The confirmed payload was handed to a client (the session is now {@code used}). */
	public record Delivered(UUID sessionId, String projectId) {
	}

	/**
	 * A session created confirmed and delivered by one statement (the exchange endpoint),
	 * published after its commit: it counts as a confirm and a delivery, and its
	 * {@code auth.confirmed} webhook event is in the outbox when {@code webhookQueued}.
	 */
	public record SignedIn(UUID sessionId, String projectId, boolean webhookQueued) {
	}

}
