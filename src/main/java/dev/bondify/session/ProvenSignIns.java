package dev.bondify.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.bondify.project.Project;
import dev.bondify.proof.ProofClaims;
import dev.bondify.proof.ProofIssuer;
import dev.bondify.system.RandomTokens;
import dev.bondify.system.SecretSealer;

/**
 * Sign-ins whose Telegram identity another channel already proved (the exchange
 * endpoint): the session is created confirmed and delivered with its one proof, its
 * webhook event queued and its single-use datum claimed, all by one durable statement
 * ({@link ConfirmedSignIns}) shared with the sign-ins of the moment
 * ({@link GroupedSignIns}); the answer is the confirmed verify body, the same bytes a
 * verify poll inside the grace window answers for that session.
 */
@Service
public class ProvenSignIns {

	private final GroupedSignIns statements;

	private final SignInOutbox outbox;

	private final ProofIssuer proofIssuer;

	private final ApplicationEventPublisher events;

	private final SecretSealer sealer;

	private final Clock clock;

	private final Duration ttl;

	ProvenSignIns(GroupedSignIns statements, SignInOutbox outbox, ProofIssuer proofIssuer,
			ApplicationEventPublisher events, SecretSealer sealer, Clock clock, SessionProperties properties) {
		this.statements = statements;
		this.outbox = outbox;
		this.proofIssuer = proofIssuer;
		this.events = events;
		this.sealer = sealer;
		this.clock = clock;
		this.ttl = properties.ttl();
	}

	/**
	 * Creates the confirmed and delivered session of {@code identity} in {@code project},
	 * with {@code sessionSource} as how the identity was obtained; empty, with nothing
	 * written, when {@code datum} was used before (on any instance). Must not be called
	 * inside a transaction: the statement commits on its own.
	 * @throws dev.bondify.system.ApiException {@code PROJECT_NOT_FOUND} when the project
	 * was deleted after it was read
	 */
	public Optional<VerifyResponse.Confirmed> signIn(Project project, String sessionSource, TelegramIdentity identity,
			RequestSource source, SingleUseDatum datum) {
		String token = RandomTokens.base64Url256(SessionService.TOKEN_PREFIX);
		// Microseconds, as PostgreSQL keeps them: the stored confirmed_at and used_at are
		// then exactly the proof's, and a verify repeat in the grace window is identical.
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		UUID id = UUID.randomUUID();
		String jti = RandomTokens.base64Url256("");
		String telegramId = Long.toString(identity.id());
		// Signed before the commit, as strict delivery signs it: once the statement has
		// committed, the answer cannot fail (the caller never learns the session token,
		// so
		// a lost answer could not be collected again).
		String proof = this.proofIssuer.issue(project, new ProofClaims(telegramId, identity.name(), identity.username(),
				identity.phone(), project.getId(), token, now), jti, now);
		SessionEvents.Confirmed event = new SessionEvents.Confirmed(id, project.getId(), token, identity, now);
		ConfirmedSignIns.SignIn signIn = new ConfirmedSignIns.SignIn(datum, id, RandomTokens.sha256(token),
				token.substring(0, 12), project.getId(), now, now.plus(this.ttl), source, sessionSource, identity,
				this.sealer.sealText(identity.phone()), jti,
				// The project in memory only saves rendering an event nobody receives:
				// the
				// statement itself decides whether the project has a webhook URL.
				(project.getWebhookUrl() != null) ? this.outbox.confirmed(event) : null);
		ConfirmedSignIns.Outcome outcome = this.statements.signIn(signIn);
		if (outcome.eventMissing()) {
			outcome = this.statements.signIn(signIn.withWebhook(this.outbox.confirmed(event)));
		}
		if (!outcome.signedIn()) {
			return Optional.empty();
		}
		// After the commit, as verify publishes its delivery: metrics, and the webhook
		// dispatcher's wake-up.
		this.events.publishEvent(new SessionEvents.SignedIn(id, project.getId(), outcome.webhookQueued()));
		return Optional.of(new VerifyResponse.Confirmed(telegramId, identity.name(), identity.username(),
				identity.phone(), now.toEpochMilli(), proof));
	}

}
