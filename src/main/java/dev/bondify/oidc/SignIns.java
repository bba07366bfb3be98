package dev.bondify.oidc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.bondify.system.RandomTokens;

/**
 * The sign-in pages shown ({@code oidc_sign_ins}): which session, client and request each
 * belongs to, and its single-use ticket. Every change is one conditional statement.
 */
@Component
class SignIns {

	private final JdbcTemplate jdbc;

	SignIns(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the page of a just generated session and marks that session as an OpenID
	 * Connect sign-in (which asks for the contact with {@code requestPhone}: the
	 * {@code phone} scope), in one statement; the page shows the deeplink only after it.
	 * @return false when the session is not there (deleted in between)
	 */
	boolean record(String sessionToken, String clientId, byte[] requestFingerprint, boolean requestPhone, Instant now) {
		byte[] tokenHash = RandomTokens.sha256(sessionToken);
		int inserted = this.jdbc.update("""
				with marked as (
				  update auth_sessions set source = 'oidc', request_phone = ? where token_hash = ? returning id)
				insert into oidc_sign_ins (session_id, token_hash, client_id, request_hash, created_at)
				select id, ?, ?, ?, ? from marked""", requestPhone, tokenHash, tokenHash, clientId, requestFingerprint,
				utc(now));
		return inserted == 1;
	}

	/** The client and request fingerprint of the page that holds this session token. */
	Optional<Page> find(String sessionToken) {
		List<Page> pages = this.jdbc.query(
				"select session_id, client_id, request_hash from oidc_sign_ins where token_hash = ?",
				(rs, row) -> new Page(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3)),
				RandomTokens.sha256(sessionToken));
		return pages.stream().findFirst();
	}

	/**
	 * A fresh ticket for a page not yet continued (a repeated call replaces the previous
	 * ticket, so only the newest works).
	 */
	boolean issueTicket(String sessionToken, String ticket, Instant expiresAt) {
		return this.jdbc.update("""
				update oidc_sign_ins set ticket_hash = ?, ticket_expires_at = ?
				where token_hash = ? and consumed_at is null""", RandomTokens.sha256(ticket), utc(expiresAt),
				RandomTokens.sha256(sessionToken)) == 1;
	}

	/**
	 * Uses up a ticket: only once, only before it expires, only for the client and the
	 * exact request of its page.
	 * @return the session it signs in
	 */
	Optional<Consumed> consume(String ticket, String clientId, byte[] requestFingerprint, Instant now) {
		List<Consumed> consumed = this.jdbc.query("""
				update oidc_sign_ins o set consumed_at = ?
				from auth_sessions s
				where s.id = o.session_id and s.confirmed_at is not null
				  and o.ticket_hash = ? and o.consumed_at is null and o.ticket_expires_at > ?
				  and o.client_id = ? and o.request_hash = ?
				returning o.session_id, s.confirmed_at""",
				(rs, row) -> new Consumed(rs.getObject(1, UUID.class),
						rs.getObject(2, OffsetDateTime.class).toInstant()),
				utc(now), RandomTokens.sha256(ticket), utc(now), clientId, requestFingerprint);
		return consumed.stream().findFirst();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/** A used ticket: the session it signs in and when the user confirmed it. */
	record Consumed(UUID sessionId, Instant confirmedAt) {
	}

	/** One recorded page. */
	record Page(UUID sessionId, String clientId, byte[] requestFingerprint) {
	}

}
