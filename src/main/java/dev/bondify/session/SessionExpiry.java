package dev.bondify.session;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * The one rule that turns a stored status and its times into the status clients see: a
 * pending session expires at {@code expires_at}, a confirmed one whose proof was not
 * collected expires a proof TTL after {@code confirmed_at}; in Java ({@link #status}) and
 * as SQL fragments over the named parameters {@code :now} and {@code :confirmedAfter}
 * ({@link #bind}).
 */
// "expired" is never stored: it has no transition, so nothing would write it on time.
// Every reader (the entity, the poll, the poll cache, the developer list, the expired
// gauge, analytics) goes through this type, so the boundaries (now itself is expired) are
// the same everywhere. The SQL is written as "still live" conditions so that each one is
// a range on a partial index (V161).
@Component
public final class SessionExpiry {

	private final Duration proofTtl;

	SessionExpiry(SessionProperties properties) {
		this.proofTtl = properties.proofTtl();
	}

	/**
	 * {@code alias.status = 'pending' and alias.expires_at > :now}: the pending sessions
	 * that are still pending.
	 */
	public static String livePendingSql(String alias) {
		return alias + ".status = 'pending' and " + alias + ".expires_at > :now";
	}

	/**
	 * The confirmed sessions whose proof can still be collected (the rest of the stored
	 * {@code confirmed} ones show as expired).
	 */
	public static String collectableSql(String alias) {
		return alias + ".status = 'confirmed' and " + alias + ".confirmed_at > :confirmedAfter";
	}

	/** The sessions that show as expired: stored pending or confirmed, and not live. */
	public static String expiredSql(String alias) {
		return "((" + alias + ".status = 'pending' and " + alias + ".expires_at <= :now) or (" + alias
				+ ".status = 'confirmed' and " + alias + ".confirmed_at <= :confirmedAfter))";
	}

	/** The effective status as a SQL expression (a wire value). */
	public static String statusSql(String alias) {
		return "case when " + expiredSql(alias) + " then 'expired' else " + alias + ".status end";
	}

	/** The SQL condition selecting sessions whose effective status is {@code status}. */
	public static String whereStatusSql(String alias, SessionStatus status) {
		return switch (status) {
			case PENDING -> livePendingSql(alias);
			case CONFIRMED -> collectableSql(alias);
			case EXPIRED -> expiredSql(alias);
			case CANCELLED, USED -> alias + ".status = '" + status.wire() + "'";
		};
	}

	/** Adds {@code :now} and {@code :confirmedAfter} for the fragments above. */
	public MapSqlParameterSource bind(MapSqlParameterSource parameters, Instant now) {
		return parameters.addValue("now", now.atOffset(ZoneOffset.UTC))
			.addValue("confirmedAfter", confirmedAfter(now).atOffset(ZoneOffset.UTC));
	}

	/** A session confirmed after this instant can still hand out its proof. */
	public Instant confirmedAfter(Instant now) {
		return now.minus(this.proofTtl);
	}

	/** The status a client sees at {@code now}. */
	public SessionStatus status(String storedStatus, Instant expiresAt, Instant confirmedAt, Instant now) {
		return status(storedStatus, expiresAt, confirmedAt, now, confirmedAfter(now));
	}

	/**
	 * The status a client sees at {@code now}, with the collect deadline already worked
	 * out (a poll computes it once per request).
	 */
	static SessionStatus status(String storedStatus, Instant expiresAt, Instant confirmedAt, Instant now,
			Instant confirmedAfter) {
		SessionStatus stored = SessionStatus.fromWire(storedStatus);
		return switch (stored) {
			case PENDING -> expiresAt.isAfter(now) ? SessionStatus.PENDING : SessionStatus.EXPIRED;
			case CONFIRMED -> confirmedAt.isAfter(confirmedAfter) ? SessionStatus.CONFIRMED : SessionStatus.EXPIRED;
			default -> stored;
		};
	}

}
