package dev.bondify.proof;

import java.time.Instant;

/**
 * What a proof asserts: this Telegram user confirmed this session of this project at this
 * time.
 */
public record ProofClaims(String telegramId, String telegramName, String telegramUsername, String telegramPhone,
		String projectId, String sessionToken, Instant confirmedAt) {
}
