package dev.bondify.session;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Sessions by token hash, and every state change as one conditional
 * {@code UPDATE … RETURNING}, so concurrent callers are ordered by PostgreSQL, not by the
 * JVM.
 */
interface AuthSessionRepository extends JpaRepository<AuthSession, UUID> {

	Optional<AuthSession> findByTokenHash(byte[] tokenHash);

	Optional<AuthSession> findByLinkCodeHash(byte[] linkCodeHash);

	@Query("""
			select new dev.bondify.session.SessionWithProject(s, p.name, p.sandbox,
			  case when p.reqPhone = true or s.requestPhone = true then true else false end, p.botId)
			from AuthSession s join Project p on p.id = s.projectId
			where s.linkCodeHash = :hash""")
	Optional<SessionWithProject> findWithProjectByLinkCodeHash(@Param("hash") byte[] hash);

	/**
	 * Binds a pending, unexpired session of a live project to the first Telegram user who
	 * opens its link (idempotent for that user), only through the bot that serves its
	 * project (its own bot, or the deployment's for a project without one), as every bot
	 * transition below.
	 */
	@Query(value = """
			update auth_sessions s set bound_telegram_id = :telegramUserId
			from projects p
			where s.link_code_hash = :hash and p.id = s.project_id and not p.sandbox
			  and coalesce(p.bot_id, :deploymentBotId) = :botId
			  and s.status = 'pending' and s.expires_at > :now
			  and (s.bound_telegram_id is null or s.bound_telegram_id = :telegramUserId)
			returning s.*""", nativeQuery = true)
	Optional<AuthSession> bind(@Param("hash") byte[] hash, @Param("telegramUserId") long telegramUserId,
			@Param("now") Instant now, @Param("botId") long botId, @Param("deploymentBotId") long deploymentBotId);

	/**
	 * {@code pending → confirmed} from the bot's prompt: only for the user the session is
	 * bound to, never for a sandbox project, and on a req_phone project (or a session
	 * that asks for the phone itself: the OpenID Connect phone scope) only once that user
	 * shared their phone (which the row already holds). The identity's phone is the
	 * row's, never the caller's.
	 */
	@Query(value = """
			update auth_sessions s set status = 'confirmed', confirmed_at = :now, telegram_id = :telegramId,
			  telegram_name = :name, telegram_username = :username,
			  telegram_phone = case when p.req_phone or s.request_phone then s.telegram_phone end
			from projects p
			where s.link_code_hash = :hash and p.id = s.project_id and not p.sandbox
			  and coalesce(p.bot_id, :deploymentBotId) = :botId
			  and s.status = 'pending' and s.expires_at > :now and s.bound_telegram_id = :telegramUserId
			  and (not (p.req_phone or s.request_phone) or (s.phone_requested_at is not null and s.telegram_phone is not null))
			returning s.*""",
			nativeQuery = true)
	Optional<AuthSession> confirmFromBot(@Param("hash") byte[] hash, @Param("now") Instant now,
			@Param("telegramUserId") long telegramUserId, @Param("telegramId") String telegramId,
			@Param("name") String name, @Param("username") String username, @Param("botId") long botId,
			@Param("deploymentBotId") long deploymentBotId);

	/**
	 * {@code pending → cancelled} from the bot's prompt, under the rules of a confirm.
	 */
	@Query(value = """
			update auth_sessions s set status = 'cancelled', cancelled_at = :now
			from projects p
			where s.link_code_hash = :hash and p.id = s.project_id and not p.sandbox
			  and coalesce(p.bot_id, :deploymentBotId) = :botId
			  and s.status = 'pending' and s.expires_at > :now and s.bound_telegram_id = :telegramUserId
			  and (not (p.req_phone or s.request_phone) or (s.phone_requested_at is not null and s.telegram_phone is not null))
			returning s.*""",
			nativeQuery = true)
	Optional<AuthSession> cancelFromBot(@Param("hash") byte[] hash, @Param("now") Instant now,
			@Param("telegramUserId") long telegramUserId, @Param("botId") long botId,
			@Param("deploymentBotId") long deploymentBotId);

	/**
	 * {@code pending → confirmed} from the sandbox page: only sessions of sandbox
	 * projects, which the bot never binds.
	 */
	@Query(value = """
			update auth_sessions s set status = 'confirmed', confirmed_at = :now, telegram_id = :telegramId,
			  telegram_name = :name, telegram_username = :username, telegram_phone = :phone
			from projects p
			where s.link_code_hash = :hash and p.id = s.project_id and p.sandbox
			  and s.status = 'pending' and s.expires_at > :now and s.bound_telegram_id is null
			returning s.*""", nativeQuery = true)
	Optional<AuthSession> confirmInSandbox(@Param("hash") byte[] hash, @Param("now") Instant now,
			@Param("telegramId") String telegramId, @Param("name") String name, @Param("username") String username,
			@Param("phone") String phone);

	/** {@code pending → cancelled} from the sandbox page. */
	@Query(value = """
			update auth_sessions s set status = 'cancelled', cancelled_at = :now
			from projects p
			where s.link_code_hash = :hash and p.id = s.project_id and p.sandbox
			  and s.status = 'pending' and s.expires_at > :now and s.bound_telegram_id is null
			returning s.*""", nativeQuery = true)
	Optional<AuthSession> cancelInSandbox(@Param("hash") byte[] hash, @Param("now") Instant now);

	/**
	 * {@code pending → cancelled} by session token: for the OpenID Connect sign-in page,
	 * which holds the poll secret of the session it started (a session already bound to a
	 * Telegram user is still cancelled: the page's holder started the sign-in).
	 */
	@Query(value = """
			update auth_sessions set status = 'cancelled', cancelled_at = :now
			where token_hash = :hash and status = 'pending' and expires_at > :now
			returning *""", nativeQuery = true)
	Optional<AuthSession> cancelByToken(@Param("hash") byte[] hash, @Param("now") Instant now);

	/**
	 * Marks a pending session bound to this user as waiting for their contact, keeping
	 * the bot's sealed link code.
	 */
	@Query(value = """
			update auth_sessions s set phone_requested_at = :now, bot_resume_token = :resumeToken
			from projects p
			where s.link_code_hash = :hash and p.id = s.project_id and coalesce(p.bot_id, :deploymentBotId) = :botId
			  and s.status = 'pending' and s.expires_at > :now and s.bound_telegram_id = :telegramUserId
			returning s.*""", nativeQuery = true)
	Optional<AuthSession> requestPhone(@Param("hash") byte[] hash, @Param("telegramUserId") long telegramUserId,
			@Param("resumeToken") byte[] resumeToken, @Param("now") Instant now, @Param("botId") long botId,
			@Param("deploymentBotId") long deploymentBotId);

	/**
	 * Stores a shared phone on the user's pending session that most recently asked for it
	 * among the sessions whose project the receiving bot serves (its own bot, or the
	 * deployment's bot for a project without one): a contact shared in one bot never
	 * reaches a session waiting in another.
	 */
	@Query(value = """
			update auth_sessions set telegram_phone = :phone
			where id = (select s.id from auth_sessions s join projects p on p.id = s.project_id
			            where s.bound_telegram_id = :telegramUserId and s.status = 'pending' and s.expires_at > :now
			              and s.phone_requested_at is not null and coalesce(p.bot_id, :deploymentBotId) = :botId
			            order by s.phone_requested_at desc limit 1)
			  and status = 'pending' and expires_at > :now
			returning *""", nativeQuery = true)
	Optional<AuthSession> attachPhone(@Param("telegramUserId") long telegramUserId, @Param("phone") String phone,
			@Param("now") Instant now, @Param("botId") long botId, @Param("deploymentBotId") long deploymentBotId);

}
