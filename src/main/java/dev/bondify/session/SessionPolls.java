package dev.bondify.session;

import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

import dev.bondify.system.SecretSealer;

/**
 * The verify poll, the hottest query of the service, as one plain-JDBC round trip: hand
 * out a deliverable confirmed session (flipping it to {@code used}) or, if there is none,
 * read the session as it is.
 */
@Repository
class SessionPolls {

	/*
	 * Both halves run on one snapshot. If the UPDATE finds nothing to deliver, the
	 * fallback SELECT shows the row as it was when the statement began; a row that shows
	 * "confirmed and deliverable" there was delivered by a concurrent poll (the UPDATE
	 * waited for it and then no longer matched), see Polled#status.
	 */
	private static final String DELIVER_OR_READ = """
			with delivered as (
			  update auth_sessions set status = 'used', used_at = :now, proof_jti = :jti
			  where token_hash = :hash and project_id = :projectId and status = 'confirmed' and confirmed_at > :confirmedAfter
			  returning id, status, expires_at, confirmed_at, cancelled_at, used_at, proof_jti, telegram_id, telegram_name,
			            telegram_username, telegram_phone, true as delivered
			)
			select * from delivered
			union all
			select id, status, expires_at, confirmed_at, cancelled_at, used_at, proof_jti, telegram_id, telegram_name,
			       telegram_username, telegram_phone, false as delivered
			from auth_sessions
			where token_hash = :hash and project_id = :projectId and not exists (select 1 from delivered)""";

	private static final int PENDING_CHUNK = 500;

	private final NamedParameterJdbcTemplate jdbc;

	private final SecretSealer sealer;

	SessionPolls(NamedParameterJdbcTemplate jdbc, SecretSealer sealer) {
		this.jdbc = jdbc;
		this.sealer = sealer;
	}

	/**
	 * Runs alone (autocommit) or inside the caller's read-write transaction when the
	 * proof must be issued before the delivery commits (strict delivery).
	 */
	Optional<Polled> deliverOrRead(byte[] hash, String projectId, Instant now, Instant confirmedAfter, String jti) {
		MapSqlParameterSource parameters = new MapSqlParameterSource().addValue("hash", hash)
			.addValue("jti", jti)
			.addValue("projectId", projectId)
			.addValue("now", utc(now))
			.addValue("confirmedAfter", utc(confirmedAfter));
		return this.jdbc.query(DELIVER_OR_READ, parameters, this::polled).stream().findFirst();
	}

	/**
	 * Of the given token hashes, those whose session is stored as pending: the held polls
	 * a change may have reached are the others (changed, or gone).
	 */
	Set<ByteBuffer> stillPending(Collection<ByteBuffer> hashes) {
		Set<ByteBuffer> pending = new HashSet<>();
		List<byte[]> chunk = new ArrayList<>(PENDING_CHUNK);
		for (ByteBuffer hash : hashes) {
			chunk.add(hash.array());
			if (chunk.size() == PENDING_CHUNK) {
				collectPending(chunk, pending);
				chunk.clear();
			}
		}
		if (!chunk.isEmpty()) {
			collectPending(chunk, pending);
		}
		return pending;
	}

	private void collectPending(List<byte[]> hashes, Set<ByteBuffer> pending) {
		this.jdbc.query("select token_hash from auth_sessions where token_hash in (:hashes) and status = 'pending'",
				new MapSqlParameterSource("hashes", List.copyOf(hashes)),
				(RowCallbackHandler) (row) -> pending.add(ByteBuffer.wrap(row.getBytes(1))));
	}

	private Polled polled(ResultSet row, int rowNumber) throws SQLException {
		return new Polled(row.getBoolean("delivered"), row.getObject("id", UUID.class), row.getString("status"),
				instant(row, "expires_at"), instant(row, "confirmed_at"), instant(row, "cancelled_at"),
				instant(row, "used_at"), row.getString("proof_jti"), row.getString("telegram_id"),
				row.getString("telegram_name"), row.getString("telegram_username"),
				this.sealer.openText(row.getString("telegram_phone")));
	}

	private static Instant instant(ResultSet row, String column) throws SQLException {
		OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * One verify poll's view of a session; {@code delivered} is true for the one poll
	 * that handed it out.
	 */
	record Polled(boolean delivered, UUID id, String storedStatus, Instant expiresAt, Instant confirmedAt,
			Instant cancelledAt, Instant usedAt, String proofJti, String telegramId, String telegramName,
			String telegramUsername, String telegramPhone) {

		/** The status this poll answers when it did not deliver. */
		SessionStatus status(Instant now, Instant confirmedAfter) {
			return switch (SessionExpiry.status(this.storedStatus, this.expiresAt, this.confirmedAt, now,
					confirmedAfter)) {
				// Deliverable yet not delivered by us: a concurrent poll took it after
				// our snapshot.
				case CONFIRMED, USED -> SessionStatus.USED;
				case PENDING -> SessionStatus.PENDING;
				case CANCELLED -> SessionStatus.CANCELLED;
				case EXPIRED -> SessionStatus.EXPIRED;
			};
		}

		/**
		 * True when this poll saw the session deliverable but a concurrent poll delivered
		 * it first: only a new statement (a new snapshot) shows that poll's proof id.
		 */
		boolean lostDelivery(Instant confirmedAfter) {
			return !this.delivered && "confirmed".equals(this.storedStatus) && this.confirmedAt.isAfter(confirmedAfter);
		}

		/**
		 * True when the proof was delivered less than {@code grace} ago: this poll
		 * receives the same proof again.
		 */
		boolean inGraceWindow(Instant now, Duration grace) {
			// With no window nothing is repeated, not even to a poll whose "now" was read
			// just before a concurrent poll delivered (used_at is then after it).
			return !grace.isZero() && !this.delivered && "used".equals(this.storedStatus) && this.proofJti != null
					&& this.usedAt != null && this.usedAt.plus(grace).isAfter(now);
		}

		SessionStateCache.PollState state(String projectId) {
			return new SessionStateCache.PollState(projectId, this.storedStatus, this.expiresAt, this.confirmedAt,
					this.cancelledAt, this.usedAt);
		}

	}

}
