package dev.bondify.oidc;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

import dev.bondify.session.SessionService;
import dev.bondify.session.SessionSnapshot;

/**
 * The confirmed sessions that authorizations name, kept in memory for a minute: a token
 * request reads its session once for the access token and the id token, and
 * {@code /userinfo} does not read it on every call. Only confirmed sessions are kept,
 * whose Telegram identity no later statement changes; a session not (yet) confirmed is
 * read again every time. Whether the token itself is still good (revoked, client paused
 * or deleted) is checked on every request elsewhere, never from here.
 */
@Component
class SignedInIdentities {

	static final Duration KEPT = Duration.ofMinutes(1);

	private final SessionService sessions;

	private final Cache<UUID, SessionSnapshot> confirmed;

	SignedInIdentities(SessionService sessions, Clock clock) {
		this.sessions = sessions;
		this.confirmed = Caffeine.newBuilder()
			.maximumSize(10_000)
			.expireAfterWrite(KEPT)
			.ticker(() -> clock.millis() * 1_000_000L)
			.build();
	}

	/** The session if it is confirmed with a Telegram identity, else empty. */
	Optional<SessionSnapshot> confirmed(UUID id) {
		SessionSnapshot kept = this.confirmed.getIfPresent(id);
		if (kept != null) {
			return Optional.of(kept);
		}
		Optional<SessionSnapshot> found = this.sessions.findById(id)
			.filter(session -> session.telegramId() != null && session.confirmedAt() != null);
		found.ifPresent(session -> this.confirmed.put(id, session));
		return found;
	}

}
