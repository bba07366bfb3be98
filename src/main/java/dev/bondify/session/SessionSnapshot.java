package dev.bondify.session;

import java.time.Instant;
import java.util.UUID;

/**
 * A read-only view of a session for the bot and the sandbox page: its effective status,
 * who asked and from where.
 */
public record SessionSnapshot(UUID id, String projectId, SessionStatus status, Instant createdAt, Instant expiresAt,
		Instant confirmedAt, Instant cancelledAt, Long boundTelegramId, String origin, String clientIp,
		String userAgent, String telegramId, String telegramName, String telegramUsername, String telegramPhone) {

	public boolean isBoundTo(long telegramUserId) {
		return this.boundTelegramId != null && this.boundTelegramId == telegramUserId;
	}

}
