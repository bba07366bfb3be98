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

	/**
	 * Binds a pending, unexpired session to the first Telegram user who opens it
	 * (idempotent for that user).
	 */
	@Query(value = """
			update auth_sessions set bound_telegram_id = :telegramUserId
			where token_hash = :hash and status = 'pending' and expires_at > :now
			  and (bound_telegram_id is null or bound_telegram_id = :telegramUserId)
			returning *""", nativeQuery = true)
	Optional<AuthSession> bind(@Param("hash") byte[] hash, @Param("telegramUserId") long telegramUserId,
			@Param("now") Instant now);

	@Query(value = """
			update auth_sessions set status = 'confirmed', confirmed_at = :now, telegram_id = :telegramId,
			  telegram_name = :name, telegram_username = :username, telegram_phone = :phone
			where token_hash = :hash and status = 'pending' and expires_at > :now
			  and (bound_telegram_id is null or bound_telegram_id = :telegramUserId)
			returning *""", nativeQuery = true)
	Optional<AuthSession> confirm(@Param("hash") byte[] hash, @Param("now") Instant now,
			@Param("telegramUserId") long telegramUserId, @Param("telegramId") String telegramId,
			@Param("name") String name, @Param("username") String username, @Param("phone") String phone);

	@Query(value = """
			update auth_sessions set status = 'cancelled', cancelled_at = :now
			where token_hash = :hash and status = 'pending' and expires_at > :now
			  and (bound_telegram_id is null or cast(:telegramUserId as bigint) is null
			       or bound_telegram_id = cast(:telegramUserId as bigint))
			returning *""", nativeQuery = true)
	Optional<AuthSession> cancel(@Param("hash") byte[] hash, @Param("now") Instant now,
			@Param("telegramUserId") Long telegramUserId);

	/**
	 * Marks a pending session bound to this user as waiting for their contact, keeping
	 * the bot's sealed token.
	 */
	@Query(value = """
			update auth_sessions set phone_requested_at = :now, bot_resume_token = :resumeToken
			where token_hash = :hash and status = 'pending' and expires_at > :now and bound_telegram_id = :telegramUserId
			returning *""",
			nativeQuery = true)
	Optional<AuthSession> requestPhone(@Param("hash") byte[] hash, @Param("telegramUserId") long telegramUserId,
			@Param("resumeToken") byte[] resumeToken, @Param("now") Instant now);

	/**
	 * Stores a shared phone on the user's pending session that most recently asked for
	 * it.
	 */
	@Query(value = """
			update auth_sessions set telegram_phone = :phone
			where id = (select id from auth_sessions
			            where bound_telegram_id = :telegramUserId and status = 'pending' and expires_at > :now
			              and phone_requested_at is not null
			            order by phone_requested_at desc limit 1)
			  and status = 'pending' and expires_at > :now
			returning *""", nativeQuery = true)
	Optional<AuthSession> attachPhone(@Param("telegramUserId") long telegramUserId, @Param("phone") String phone,
			@Param("now") Instant now);

}
