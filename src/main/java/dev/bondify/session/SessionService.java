package dev.bondify.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bondify.access.Origins;
import dev.bondify.project.Project;
import dev.bondify.project.ProjectCache;
import dev.bondify.proof.ProofClaims;
import dev.bondify.proof.ProofIssuer;
import dev.bondify.session.TransitionResult.Outcome;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.RandomTokens;
import dev.bondify.system.SecretSealer;

/**
 * The session lifecycle: generate, verify (exactly-once delivery of the proof), and the
 * bind / confirm / cancel transitions the bot and the sandbox call. Every transition is
 * one conditional UPDATE.
 */
@Service
public class SessionService {

	static final String TOKEN_PREFIX = "sess_";

	private final AuthSessionRepository sessions;

	private final SessionPolls polls;

	private final ProjectCache projects;

	private final SessionStateCache states;

	private final SessionInserts sessionInserts;

	private final TransactionTemplate transactions;

	private final Duration grace;

	private final ProofIssuer proofIssuer;

	private final Deeplinks deeplinks;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final Duration ttl;

	private final Duration proofTtl;

	/** Seals phone numbers where they are written (read back through the entity). */
	private final SecretSealer sealer;

	SessionService(AuthSessionRepository sessions, SessionPolls polls, ProjectCache projects, SessionStateCache states,
			SessionInserts sessionInserts, TransactionTemplate transactions, ProofIssuer proofIssuer,
			Deeplinks deeplinks, ApplicationEventPublisher events, Clock clock, SessionProperties properties,
			DeliveryProperties delivery, SecretSealer sealer) {
		this.sessions = sessions;
		this.sealer = sealer;
		this.polls = polls;
		this.projects = projects;
		this.states = states;
		this.sessionInserts = sessionInserts;
		this.transactions = transactions;
		this.grace = delivery.grace();
		this.proofIssuer = proofIssuer;
		this.deeplinks = deeplinks;
		this.events = events;
		this.clock = clock;
		this.ttl = properties.ttl();
		this.proofTtl = properties.proofTtl();
	}

	/**
	 * Creates a pending session. Not one transaction: the project comes from memory and
	 * the insert shares one autocommitted statement with the other generates of the
	 * moment ({@link SessionInserts#insertGrouped}).
	 */
	public GenerateResponse generate(String projectId, Caller caller, RequestSource source, String requestBaseUrl) {
		Project project = authorizeNewSignIn(projectId, caller);
		this.deeplinks.checkAvailable(project);
		String token = RandomTokens.base64Url256(TOKEN_PREFIX);
		String linkCode = LinkCodes.newCode();
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Instant expiresAt = now.plus(this.ttl);
		SessionInserts.NewSession session = new SessionInserts.NewSession(RandomTokens.uuid(),
				RandomTokens.sha256(token), token.substring(0, 12), LinkCodes.hash(linkCode),
				LinkCodes.seal(token, linkCode), project.getId(), now, expiresAt, source);
		// A session nobody has seen yet is not worth a disk flush: a crash loses at most
		// the last fraction of a second of generated sessions (see the README). Returns
		// once the row is committed, so every instance sees it before the answer.
		this.sessionInserts.insertGrouped(session);
		return new GenerateResponse(token, this.deeplinks.forSession(project, linkCode, requestBaseUrl),
				expiresAt.toEpochMilli());
	}

	/**
	 * Creates the pending session of a device authorization (source {@code oidc_device},
	 * no origin): the bot accepts its {@code userCode} typed as a message as well as its
	 * deeplink, and with {@code requestPhone} it asks for the contact first.
	 * @throws ApiException {@code SERVICE_UNAVAILABLE} in the unlikely case a live
	 * session holds the same user code (the caller may ask again)
	 */
	public GenerateResponse generateForDevice(String projectId, Caller caller, RequestSource source,
			String requestBaseUrl, String userCode, boolean requestPhone) {
		String normalized = UserCodes.normalize(userCode)
			.orElseThrow(() -> new IllegalArgumentException("Not a user code"));
		Project project = authorizeNewSignIn(projectId, caller);
		this.deeplinks.checkAvailable(project);
		String token = RandomTokens.base64Url256(TOKEN_PREFIX);
		String linkCode = LinkCodes.newCode();
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(this.ttl);
		SessionInserts.NewSession session = new SessionInserts.NewSession(UUID.randomUUID(), RandomTokens.sha256(token),
				token.substring(0, 12), LinkCodes.hash(linkCode), LinkCodes.seal(token, linkCode), project.getId(), now,
				expiresAt, source);
		if (!this.sessionInserts.insertDevice(session, requestPhone, UserCodes.hash(normalized),
				LinkCodes.sealUnderReusedCode(linkCode, normalized))) {
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Please request a new code.");
		}
		return new GenerateResponse(token, this.deeplinks.forSession(project, linkCode, requestBaseUrl),
				expiresAt.toEpochMilli());
	}

	/**
	 * The chat with the bot that serves the project's sign-ins, where a user may type a
	 * device authorization's code; empty for sandbox projects or when no bot serves it.
	 */
	public Optional<String> botChatLink(Project project) {
		try {
			return Optional.ofNullable(this.deeplinks.chatLink(project));
		}
		catch (ApiException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The link code of the live session whose user code a user typed (normalised first:
	 * case, dashes, spaces); empty for anything else. Looked up by hash only.
	 */
	@Transactional(readOnly = true)
	public Optional<String> linkCodeForUserCode(String typed) {
		return UserCodes.normalize(typed)
			.flatMap(code -> this.sessionInserts.sealedLinkCode(UserCodes.hash(code), this.clock.instant())
				.flatMap(sealed -> LinkCodes.open(sealed, code)));
	}

	/**
	 * The project {@code caller} may start a new sign-in in: the checks of
	 * {@link #authorize} and an active project.
	 */
	public Project authorizeNewSignIn(String projectId, Caller caller) {
		Project project = authorize(projectId, caller);
		if (!project.isActive()) {
			throw new ApiException(ErrorCode.PROJECT_INACTIVE);
		}
		return project;
	}

	/**
	 * Answers a poll: from memory while the session's state needs no database (see
	 * {@link SessionStateCache}), otherwise with the one delivering statement.
	 */
	public VerifyResponse verify(String projectId, String sessionToken, Caller caller) {
		Project project = authorize(projectId, caller);
		byte[] hash = RandomTokens.sha256(sessionToken);
		// Microseconds, as PostgreSQL keeps them: the stored used_at is then exactly the
		// proof's issue time.
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Instant confirmedAfter = now.minus(this.proofTtl);
		VerifyResponse fromMemory = this.states.answer(hash, project.getId(), now, confirmedAfter);
		if (fromMemory != null) {
			return fromMemory;
		}
		long generation = this.states.generation();
		// With a grace window the delivering statement commits on its own and the proof
		// is
		// signed after it (a failure there is repaired by the next poll, which gets the
		// same
		// proof). Strict delivery hands the proof out once, so it is signed before the
		// commit: a failure rolls the delivery back.
		Answered answered = this.grace.isZero()
				? this.transactions.execute(status -> deliverOrRead(project, sessionToken, hash, now, confirmedAfter))
				: deliverOrRead(project, sessionToken, hash, now, confirmedAfter);
		this.states.put(hash, answered.state(), generation);
		return answered.response();
	}

	/**
	 * One delivering statement; outside a transaction it commits on its own, so no
	 * transaction stays open while the proof is signed and the session row is locked only
	 * for the statement (a poll on a starved CPU cannot hold up the bot's confirm).
	 */
	private Answered deliverOrRead(Project project, String sessionToken, byte[] hash, Instant now,
			Instant confirmedAfter) {
		String jti = RandomTokens.base64Url256("");
		SessionPolls.Polled session = poll(project, hash, now, confirmedAfter, jti);
		if (session.lostDelivery(confirmedAfter) && !this.grace.isZero()) {
			// A concurrent poll delivered it after our snapshot was taken. It has
			// committed (our UPDATE waited for it): a new statement shows its proof id.
			session = poll(project, hash, now, confirmedAfter, jti);
		}
		if (session.delivered()) {
			// Listeners run after the commit (now, when the statement committed alone).
			this.events.publishEvent(new SessionEvents.Delivered(session.id(), project.getId()));
			return new Answered(confirmed(project, sessionToken, session), session.state(project.getId()));
		}
		if (session.inGraceWindow(now, this.grace)) {
			return new Answered(confirmed(project, sessionToken, session), session.state(project.getId()));
		}
		VerifyResponse response = switch (session.status(now, confirmedAfter)) {
			case CANCELLED -> new VerifyResponse.Cancelled(session.cancelledAt().toEpochMilli());
			case PENDING -> VerifyResponse.Simple.PENDING;
			case USED, CONFIRMED -> VerifyResponse.Simple.USED;
			case EXPIRED -> VerifyResponse.Simple.EXPIRED;
		};
		return new Answered(response, session.state(project.getId()));
	}

	private SessionPolls.Polled poll(Project project, byte[] hash, Instant now, Instant confirmedAfter, String jti) {
		return this.polls.deliverOrRead(hash, project.getId(), now, confirmedAfter, jti)
			.orElseThrow(() -> new ApiException(ErrorCode.SESSION_NOT_FOUND));
	}

	/**
	 * The confirmed body with the session's one proof: its id and issue time are the
	 * row's, so every poll inside the grace window gets the same bytes. Signed with the
	 * project's current key: after a rotation inside the window the old key no longer
	 * verifies anywhere, so the repeat carries the same claims under the new key.
	 */
	private VerifyResponse confirmed(Project project, String sessionToken, SessionPolls.Polled session) {
		String proof = this.proofIssuer.issue(project,
				new ProofClaims(session.telegramId(), session.telegramName(), session.telegramUsername(),
						session.telegramPhone(), project.getId(), sessionToken, session.confirmedAt()),
				session.proofJti(), session.usedAt());
		return new VerifyResponse.Confirmed(session.telegramId(), session.telegramName(), session.telegramUsername(),
				session.telegramPhone(), session.confirmedAt().toEpochMilli(), proof);
	}

	/** A poll's answer and the state it was read in. */
	private record Answered(VerifyResponse response, SessionStateCache.PollState state) {
	}

	/** The session behind a token, as it is now. */
	@Transactional(readOnly = true)
	public Optional<SessionSnapshot> find(String sessionToken) {
		Instant now = this.clock.instant();
		return this.sessions.findByTokenHash(RandomTokens.sha256(sessionToken))
			.map(session -> session.snapshot(now, this.proofTtl));
	}

	/**
	 * The session with this id, as it is now (for a relying party's tokens: its
	 * identity).
	 */
	@Transactional(readOnly = true)
	public Optional<SessionSnapshot> findById(UUID id) {
		Instant now = this.clock.instant();
		return this.sessions.findById(id).map(session -> session.snapshot(now, this.proofTtl));
	}

	/**
	 * The session behind a link code, with what its prompt needs from the project; empty
	 * for anything that is not a known code (never an error, whatever the value).
	 */
	@Transactional(readOnly = true)
	public Optional<LinkedSession> findByLinkCode(String linkCode) {
		if (!LinkCodes.isWellFormed(linkCode)) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		return this.sessions.findWithProjectByLinkCodeHash(LinkCodes.hash(linkCode))
			.map(found -> new LinkedSession(found.session().snapshot(now, this.proofTtl), found.projectName(),
					found.sandbox(), found.reqPhone(), found.botId()));
	}

	/**
	 * Binds a pending session of a live project to the Telegram user who opened its link
	 * in {@code bot}, which must serve the project (as for every bot transition below);
	 * repeating it for the same user is a no-op that still answers {@code DONE}.
	 */
	@Transactional
	public TransitionResult bind(ReceivingBot bot, String linkCode, long telegramUserId) {
		return transition(linkCode, telegramUserId,
				(hash, now) -> this.sessions.bind(hash, telegramUserId, now, bot.botId(), bot.deploymentBotId()), null);
	}

	/**
	 * {@code pending → confirmed} from the bot's prompt: only for the user the session is
	 * bound to, never on a sandbox project, and on a req_phone project only with the
	 * phone that user shared (the identity's own phone is ignored).
	 */
	@Transactional
	public TransitionResult confirmFromBot(ReceivingBot bot, String linkCode, TelegramIdentity user) {
		return transition(linkCode, user.id(),
				(hash, now) -> this.sessions.confirmFromBot(hash, now, user.id(), Long.toString(user.id()), user.name(),
						user.username(), bot.botId(), bot.deploymentBotId()),
				(session, now) -> confirmed(session, linkCode,
						new TelegramIdentity(user.id(), user.name(), user.username(), session.getTelegramPhone()),
						now));
	}

	/**
	 * {@code pending → cancelled} from the bot's prompt, under the rules of a confirm.
	 */
	@Transactional
	public TransitionResult cancelFromBot(ReceivingBot bot, String linkCode, long telegramUserId) {
		return transition(linkCode, telegramUserId, (hash, now) -> this.sessions.cancelFromBot(hash, now,
				telegramUserId, bot.botId(), bot.deploymentBotId()),
				(session, now) -> cancelled(session, linkCode, now));
	}

	/** {@code pending → confirmed} from the sandbox page: sandbox projects only. */
	@Transactional
	public TransitionResult confirmInSandbox(String linkCode, TelegramIdentity identity) {
		return transition(linkCode, null,
				(hash, now) -> this.sessions.confirmInSandbox(hash, now, Long.toString(identity.id()), identity.name(),
						identity.username(), this.sealer.sealText(identity.phone())),
				(session, now) -> confirmed(session, linkCode, identity, now));
	}

	/** {@code pending → cancelled} from the sandbox page: sandbox projects only. */
	@Transactional
	public TransitionResult cancelInSandbox(String linkCode) {
		return transition(linkCode, null, (hash, now) -> this.sessions.cancelInSandbox(hash, now),
				(session, now) -> cancelled(session, linkCode, now));
	}

	/**
	 * {@code pending → cancelled} by session token, for a page that holds the poll secret
	 * of the session it started (the OpenID Connect sign-in page's Cancel).
	 */
	@Transactional
	public TransitionResult cancelByToken(String sessionToken) {
		Instant now = this.clock.instant();
		byte[] hash = RandomTokens.sha256(sessionToken);
		Optional<AuthSession> cancelled = this.sessions.cancelByToken(hash, now);
		if (cancelled.isEmpty()) {
			return explain(this.sessions.findByTokenHash(hash), null, now);
		}
		AuthSession session = cancelled.get();
		this.states.forgetAfterCommit(hash);
		this.events
			.publishEvent(new SessionEvents.Cancelled(session.getId(), session.getProjectId(), sessionToken, now));
		return done(session, now);
	}

	/**
	 * Records that the bot asked the bound user of a pending session for their contact;
	 * {@code resumeToken} is an opaque value the bot needs to continue (the link code
	 * sealed with its own key). False when nothing matched.
	 */
	@Transactional
	public boolean requestPhone(ReceivingBot bot, String linkCode, long telegramUserId, byte[] resumeToken) {
		return LinkCodes.isWellFormed(linkCode) && this.sessions
			.requestPhone(LinkCodes.hash(linkCode), telegramUserId, resumeToken, this.clock.instant(), bot.botId(),
					bot.deploymentBotId())
			.isPresent();
	}

	/**
	 * Attaches a phone number the user shared through {@code bot} to their pending
	 * session of a project that bot serves that most recently asked for it; the phone is
	 * then part of the identity the bot confirms with.
	 */
	@Transactional
	public Optional<PhoneShared> attachPhone(ReceivingBot bot, long telegramUserId, String phone) {
		Instant now = this.clock.instant();
		return this.sessions
			.attachPhone(telegramUserId, this.sealer.sealText(phone), now, bot.botId(), bot.deploymentBotId())
			.map(session -> new PhoneShared(session.snapshot(now, this.proofTtl), session.getBotResumeToken()));
	}

	/**
	 * One conditional UPDATE by link code; then the events of a change, or why nothing
	 * changed, read after the fact.
	 */
	private TransitionResult transition(String linkCode, Long callerTelegramId, Update update, Changed changed) {
		Instant now = this.clock.instant();
		if (!LinkCodes.isWellFormed(linkCode)) {
			return new TransitionResult(Outcome.NOT_FOUND, null);
		}
		byte[] hash = LinkCodes.hash(linkCode);
		Optional<AuthSession> updated = update.apply(hash, now);
		if (updated.isEmpty()) {
			return explain(this.sessions.findByLinkCodeHash(hash), callerTelegramId, now);
		}
		// Every instance drops its cached state on the trigger's notification; this one
		// at once, so its next poll cannot see the state this transition replaced.
		this.states.forgetAfterCommit(updated.get().getTokenHash());
		if (changed != null) {
			changed.publish(updated.get(), now);
		}
		return done(updated.get(), now);
	}

	private void confirmed(AuthSession session, String linkCode, TelegramIdentity identity, Instant now) {
		this.events.publishEvent(new SessionEvents.Confirmed(session.getId(), session.getProjectId(),
				sessionToken(session, linkCode), identity, now));
	}

	private void cancelled(AuthSession session, String linkCode, Instant now) {
		this.events.publishEvent(new SessionEvents.Cancelled(session.getId(), session.getProjectId(),
				sessionToken(session, linkCode), now));
	}

	/**
	 * The session token for the event (the webhook body), unsealed with the link code.
	 */
	private static String sessionToken(AuthSession session, String linkCode) {
		return LinkCodes.openToken(session.getTokenSealed(), linkCode, session.getTokenHash())
			.orElseThrow(() -> new IllegalStateException(
					"The session token of " + session.getId() + " cannot be unsealed with its link code"));
	}

	private TransitionResult done(AuthSession session, Instant now) {
		return new TransitionResult(Outcome.DONE, session.snapshot(now, this.proofTtl));
	}

	/**
	 * Why a conditional update matched nothing. A pending session that is neither expired
	 * nor finished was refused by the caller's rules: bound to another user, or not yet
	 * (or never) in the state the caller may change.
	 */
	private TransitionResult explain(Optional<AuthSession> found, Long callerTelegramId, Instant now) {
		if (found.isEmpty()) {
			return new TransitionResult(Outcome.NOT_FOUND, null);
		}
		SessionSnapshot snapshot = found.get().snapshot(now, this.proofTtl);
		Outcome outcome = switch (snapshot.status()) {
			case EXPIRED -> Outcome.EXPIRED;
			case CONFIRMED, USED -> Outcome.ALREADY_CONFIRMED;
			case CANCELLED -> Outcome.ALREADY_CANCELLED;
			case PENDING -> (snapshot.boundTelegramId() != null && !snapshot.boundTelegramId().equals(callerTelegramId))
					? Outcome.OTHER_USER : Outcome.NOT_ALLOWED;
		};
		return new TransitionResult(outcome, snapshot);
	}

	/** A conditional UPDATE … RETURNING of one session, by link code hash. */
	@FunctionalInterface
	private interface Update {

		Optional<AuthSession> apply(byte[] linkCodeHash, Instant now);

	}

	/** Publishes the event of a change that happened. */
	@FunctionalInterface
	private interface Changed {

		void publish(AuthSession session, Instant now);

	}

	/**
	 * Loads the project and checks the caller may use it (public access and origin; the
	 * secret key was compared at the door).
	 */
	private Project authorize(String projectId, Caller caller) {
		return switch (caller) {
			case Caller.Public pub -> {
				Project project = this.projects.find(projectId)
					.orElseThrow(() -> new ApiException(ErrorCode.PROJECT_NOT_FOUND));
				if (!project.isPublicAccess()) {
					throw new ApiException(ErrorCode.PUBLIC_ACCESS_DISABLED);
				}
				if (pub.origin() != null && !project.getAllowedOrigins().isEmpty()
						&& !isAllowed(project, pub.origin())) {
					throw new ApiException(ErrorCode.ORIGIN_NOT_ALLOWED);
				}
				yield project;
			}
			case Caller.ProjectServer server -> {
				// Admitted at the door for the project its request names; a project
				// deleted since is the same 401 as a wrong key.
				Project project = this.projects.find(projectId)
					.filter(candidate -> candidate.getId().equals(server.projectId()))
					.orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED,
							"The secret key is not valid for this project."));
				yield project;
			}
		};
	}

	private static boolean isAllowed(Project project, String origin) {
		String normalized = normalizeOrigin(origin);
		return project.getAllowedOrigins().stream().anyMatch(allowed -> normalizeOrigin(allowed).equals(normalized));
	}

	static String normalizeOrigin(String origin) {
		if (Origins.isAcceptable(origin)) {
			return Origins.normalise(origin);
		}
		String trimmed = origin.trim().toLowerCase(Locale.ROOT);
		return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
	}

}
