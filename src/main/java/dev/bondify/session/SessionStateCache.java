package dev.bondify.session;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.bondify.system.ApiException;
import dev.bondify.system.CacheProperties;
import dev.bondify.system.ChangeNotifications;
import dev.bondify.system.ErrorCode;

/**
 * The last state each polled session was read in, by token hash, so that a pending poll
 * costs no database round trip. Every committed transition (bind, confirm, cancel,
 * deliver, delete) drops the entry on every instance through {@link ChangeNotifications};
 * expiry is derived from the stored times. Only states that answer without the database
 * are answered from here: a deliverable confirmed session, and a delivered one inside its
 * grace window, always go to the database. Tokens the database does not know are never
 * cached (the rate limit in front bounds them).
 */
@Component
class SessionStateCache implements ChangeNotifications.Subscriber {

	private final ChangeNotifications notifications;

	private final Cache<ByteBuffer, PollState> states;

	private final Duration grace;

	SessionStateCache(ChangeNotifications notifications, CacheProperties cache, DeliveryProperties delivery) {
		this.notifications = notifications;
		this.grace = delivery.grace();
		this.states = Caffeine.newBuilder().maximumSize(cache.sessions()).expireAfterWrite(cache.ttl()).build();
		notifications.subscribe(this);
	}

	/**
	 * The answer from memory, or null when the database must answer (not cached, not
	 * listening, or a state that needs the database).
	 * @throws ApiException {@code SESSION_NOT_FOUND} for a token of another project
	 */
	VerifyResponse answer(byte[] tokenHash, String projectId, Instant now, Instant confirmedAfter) {
		if (!this.notifications.isCurrent()) {
			return null;
		}
		PollState state = this.states.getIfPresent(ByteBuffer.wrap(tokenHash));
		if (state == null) {
			return null;
		}
		if (!state.projectId().equals(projectId)) {
			throw new ApiException(ErrorCode.SESSION_NOT_FOUND);
		}
		return switch (SessionExpiry.status(state.storedStatus(), state.expiresAt(), state.confirmedAt(), now,
				confirmedAfter)) {
			case PENDING -> VerifyResponse.Simple.PENDING;
			case EXPIRED -> VerifyResponse.Simple.EXPIRED;
			case CANCELLED -> new VerifyResponse.Cancelled(state.cancelledAt().toEpochMilli());
			// Deliverable: only the database hands out the proof.
			case CONFIRMED -> null;
			case USED -> (state.usedAt() != null && state.usedAt().plus(this.grace).isAfter(now)) ? null
					: VerifyResponse.Simple.USED;
		};
	}

	/** The current generation, read before a database load whose result is then kept. */
	long generation() {
		return this.notifications.generation();
	}

	/** Keeps a state read from the database after {@code seenGeneration} was read. */
	void put(byte[] tokenHash, PollState state, long seenGeneration) {
		ByteBuffer key = ByteBuffer.wrap(tokenHash.clone());
		this.states.put(key, state);
		// A change announced since the read may be newer than what was read.
		if (!this.notifications.isCurrent() || this.notifications.generation() != seenGeneration) {
			this.states.invalidate(key);
		}
	}

	/**
	 * Forgets the session as soon as the current transaction commits, on this instance
	 * (the others learn it from the notification the same commit sends).
	 */
	void forgetAfterCommit(byte[] tokenHash) {
		String payload = "s" + HexFormat.of().formatHex(tokenHash);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					SessionStateCache.this.notifications.changedHere(payload);
				}
			});
		}
		else {
			this.notifications.changedHere(payload);
		}
	}

	@Override
	public void changed(String payload) {
		if (payload.startsWith("s")) {
			this.states.invalidate(ByteBuffer.wrap(HexFormat.of().parseHex(payload, 1, payload.length())));
		}
	}

	@Override
	public void reset() {
		this.states.invalidateAll();
	}

	long size() {
		this.states.cleanUp();
		return this.states.estimatedSize();
	}

	/** What a poll needs of a session to answer it. */
	record PollState(String projectId, String storedStatus, Instant expiresAt, Instant confirmedAt, Instant cancelledAt,
			Instant usedAt) {
	}

}
