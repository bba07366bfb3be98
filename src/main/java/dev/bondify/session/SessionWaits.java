package dev.bondify.session;

import java.time.Duration;
import java.util.Locale;

import org.springframework.stereotype.Component;

import dev.bondify.system.ClientIpResolver;

/**
 * Waits for the user's answer to a session without delivering anything: a held poll (like
 * verify with {@code wait}) that answers {@code {"status"}} only, for pages of this
 * service that continue by themselves once the user confirmed (the OpenID Connect sign-in
 * page).
 */
@Component
public class SessionWaits {

	private final SessionService sessions;

	private final LongPolls longPolls;

	SessionWaits(SessionService sessions, LongPolls longPolls) {
		this.sessions = sessions;
		this.longPolls = longPolls;
	}

	/**
	 * {@code {"status": "pending" | "confirmed" | "used" | "cancelled" | "expired"}}, or
	 * {@code "not_found"}; held up to {@code wait} while pending. Counts against the
	 * caller's IP like a public verify poll.
	 * @return the answer, or a {@code DeferredResult} of it
	 */
	public Object awaitStatus(String sessionToken, String clientIp, Duration wait) {
		VerifyResponse first = status(sessionToken);
		if (first != VerifyResponse.Simple.PENDING) {
			return first;
		}
		return this.longPolls.hold(sessionToken, LongPolls.Holder.clientIp(ClientIpResolver.bucketOf(clientIp)), wait,
				() -> status(sessionToken));
	}

	private VerifyResponse status(String sessionToken) {
		return this.sessions.find(sessionToken)
			.map(session -> (session.status() == SessionStatus.PENDING) ? VerifyResponse.Simple.PENDING
					: new VerifyResponse.Simple(session.status().name().toLowerCase(Locale.ROOT)))
			.orElseGet(() -> new VerifyResponse.Simple("not_found"));
	}

}
