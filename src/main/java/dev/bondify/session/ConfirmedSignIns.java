package dev.bondify.session;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import dev.bondify.system.ApiException;

/**
 * A sign-in whose identity another channel proved (the exchange endpoint) as ONE
 * autocommitted, durable statement: the single-use datum is claimed, the session is
 * inserted already confirmed and delivered ({@code used}, with its proof id), and the
 * project's {@code auth.confirmed} webhook event is written to the outbox when the
 * project has a webhook URL.
 * <p>
 * It replaces a JPA transaction of six statements (claim, insert, confirm, the webhook's
 * project read, deliver, commit): the row never exists in another state, so it leaves the
 * rollups exactly what insert, confirm and deliver left (the insert trigger counts a
 * {@code used} row as a session, a confirm and a delivery, and adds its user), and no
 * NOTIFY is sent (no instance can hold a state of a token nobody has seen yet). The
 * datum's claim waits for a concurrent claim of the same datum and then inserts nothing,
 * so of two racing exchanges exactly one commits a session; any failure (the project
 * deleted meanwhile) rolls the claim back with the rest.
 */
@Repository
class ConfirmedSignIns {

	// Durable whatever the connection's setting (a relaxed commit elsewhere must never
	// reach a confirmed sign-in): set_config(…, true) applies to this statement's own
	// implicit transaction. Every CTE runs on one snapshot; a data-modifying CTE runs to
	// completion whether or not the outer query reads it, and the chain "claimed →
	// session → queued" makes each insert happen only when the one before it inserted a
	// row. Without a rendered event (the caller's cached project had no webhook URL)
	// nothing at all is written if the project has one after all: the caller is told and
	// runs it again with one.
	private static final String SIGN_IN = """
			with event as (
			  select ?::text as payload,
			         exists (select 1 from projects where id = ? and webhook_url is not null) as wanted
			  where set_config('synchronous_commit', 'on', true) = 'on'
			), claimed as (
			  insert into exchange_used_data (data_hash, expires_at)
			  select ?, ? from event where payload is not null or not wanted
			  on conflict do nothing
			  returning 1
			), session as (
			  insert into auth_sessions (id, token_hash, token_preview, project_id, status, created_at, expires_at,
			                             origin, client_ip, user_agent, source, confirmed_at, telegram_id, telegram_name,
			                             telegram_username, telegram_phone, used_at, proof_jti)
			  select ?, ?, ?, ?, 'used', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
			  from claimed
			  returning project_id
			), queued as (
			  insert into webhook_deliveries (id, project_id, event, payload, state, attempts, next_attempt_at,
			                                  created_at)
			  select ?, p.id, ?, e.payload, 'pending', 0, ?, ?
			  from session s join projects p on p.id = s.project_id cross join event e
			  where p.webhook_url is not null and e.payload is not null
			  returning 1
			)
			select (select count(*) from session) as signed_in, (select count(*) from queued) as queued,
			       (select payload is null and wanted from event) as event_missing""";

	private final JdbcTemplate jdbc;

	ConfirmedSignIns(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Runs the statement; must not run inside a transaction (it is meant to commit on its
	 * own, durably, in one round trip).
	 * @return whether the datum was still unused (then the session exists), whether the
	 * webhook event was queued, and whether nothing was written because the project has a
	 * webhook URL and {@code signIn} carried no event
	 * @throws ApiException {@code PROJECT_NOT_FOUND} when the project was deleted after
	 * it was read (nothing was written)
	 */
	Outcome signIn(SignIn signIn) {
		RequestSource source = signIn.source();
		TelegramIdentity identity = signIn.identity();
		OffsetDateTime now = utc(signIn.now());
		SignInOutbox.Entry webhook = signIn.webhook();
		try {
			return this.jdbc.queryForObject(SIGN_IN,
					(row, index) -> new Outcome(row.getInt("signed_in") == 1, row.getInt("queued") == 1,
							row.getBoolean("event_missing")),
					(webhook != null) ? webhook.sealedPayload() : null, signIn.projectId(), signIn.datum().hash(),
					utc(signIn.datum().keepUntil()), signIn.id(), signIn.tokenHash(), signIn.tokenPreview(),
					signIn.projectId(), now, utc(signIn.expiresAt()), source.origin(), source.clientIp(),
					source.userAgent(), signIn.sessionSource(), now, Long.toString(identity.id()), identity.name(),
					identity.username(), signIn.sealedPhone(), now, signIn.proofJti(), UUID.randomUUID(),
					(webhook != null) ? webhook.event() : null, now, now);
		}
		catch (DataIntegrityViolationException ex) {
			// A fresh random token and delivery id break no key: the project is gone.
			throw SessionInserts.missingProjectOr(ex);
		}
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * The columns of the new session and what the statement writes besides it;
	 * {@code webhook} may be null when the project is believed to have no webhook URL.
	 */
	record SignIn(SingleUseDatum datum, UUID id, byte[] tokenHash, String tokenPreview, String projectId, Instant now,
			Instant expiresAt, RequestSource source, String sessionSource, TelegramIdentity identity,
			String sealedPhone, String proofJti, SignInOutbox.Entry webhook) {

		SignIn withWebhook(SignInOutbox.Entry event) {
			return new SignIn(this.datum, this.id, this.tokenHash, this.tokenPreview, this.projectId, this.now,
					this.expiresAt, this.source, this.sessionSource, this.identity, this.sealedPhone, this.proofJti,
					event);
		}

	}

	/**
	 * Whether the session was created, whether its webhook event was queued, and whether
	 * nothing was written for want of the event.
	 */
	record Outcome(boolean signedIn, boolean webhookQueued, boolean eventMissing) {
	}

}
