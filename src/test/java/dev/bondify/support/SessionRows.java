package dev.bondify.support;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Seeds {@code auth_sessions} rows straight into the database, for tests of listings and
 * aggregates.
 */
public final class SessionRows {

	private final JdbcTemplate jdbc;

	public SessionRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public UUID pending(String projectId, Instant createdAt) {
		return insert(projectId, "pending", createdAt, null, null, null);
	}

	public UUID confirmed(String projectId, Instant createdAt, String telegramId) {
		return insert(projectId, "confirmed", createdAt, createdAt.plusSeconds(30), null, telegramId);
	}

	public UUID used(String projectId, Instant createdAt, String telegramId) {
		return insert(projectId, "used", createdAt, createdAt.plusSeconds(30), null, telegramId);
	}

	public UUID cancelled(String projectId, Instant createdAt) {
		return insert(projectId, "cancelled", createdAt, null, createdAt.plusSeconds(20), null);
	}

	/**
	 * A session with a ten-minute TTL; the Telegram identity is set when
	 * {@code telegramId} is given.
	 */
	public UUID insert(String projectId, String status, Instant createdAt, Instant confirmedAt, Instant cancelledAt,
			String telegramId) {
		UUID id = UUID.randomUUID();
		String token = "sess_" + UUID.randomUUID().toString().replace("-", "");
		this.jdbc.update("""
				insert into auth_sessions (id, token_hash, token_preview, project_id, status, created_at, expires_at,
				  confirmed_at, cancelled_at, used_at, telegram_id, telegram_name, telegram_username)
				values (?, sha256(convert_to(?, 'UTF8')), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", id, token,
				token.substring(0, 12), projectId, status, ts(createdAt), ts(createdAt.plus(Duration.ofMinutes(10))),
				ts(confirmedAt), ts(cancelledAt), "used".equals(status) ? ts(confirmedAt.plusSeconds(2)) : null,
				telegramId, (telegramId != null) ? "User " + telegramId : null,
				(telegramId != null) ? "user" + telegramId : null);
		return id;
	}

	private static Timestamp ts(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

}
