package dev.bondify.session;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.bondify.system.RandomTokens;

/**
 * Confirms or cancels a session that a test holds only the token of, through the paths
 * users take: the sandbox page's transitions for a sandbox project, otherwise the bot's
 * (bind, the contact step on a req_phone project, then confirm or cancel), with the same
 * events, notifications and analytics as in production.
 */
// The link code is never stored (only its hash), so a test that kept only the token
// gives the session a fresh link code first: the one step that is not the user's path,
// and it changes nothing the transitions decide on.
public final class TestSessions {

	/** Any bot id: a project without its own bot is served by the "deployment" bot. */
	private static final long DEPLOYMENT_BOT_ID = 123456L;

	private TestSessions() {
	}

	/**
	 * {@code pending → confirmed} for {@code identity}, as the user's tap would do it.
	 */
	public static TransitionResult confirm(SessionService sessions, JdbcTemplate jdbc, String sessionToken,
			TelegramIdentity identity) {
		Linked linked = relink(jdbc, sessionToken);
		if (linked == null) {
			return new TransitionResult(TransitionResult.Outcome.NOT_FOUND, null);
		}
		if (linked.sandbox()) {
			return sessions.confirmInSandbox(linked.linkCode(), identity);
		}
		TransitionResult bound = sessions.bind(linked.bot(), linked.linkCode(), identity.id());
		if (bound.outcome() != TransitionResult.Outcome.DONE) {
			return bound;
		}
		if (linked.reqPhone()) {
			sessions.requestPhone(linked.bot(), linked.linkCode(), identity.id(), new byte[] { 1 });
			sessions.attachPhone(linked.bot(), identity.id(),
					(identity.phone() != null) ? identity.phone() : "+15550000000");
		}
		else if (identity.phone() != null) {
			throw new IllegalArgumentException("Only a req_phone or sandbox project confirms with a phone.");
		}
		return sessions.confirmFromBot(linked.bot(), linked.linkCode(), identity);
	}

	/**
	 * {@code pending → cancelled} by {@code telegramUserId}, or by whoever the session is
	 * bound to (a new user when none) when it is null.
	 */
	public static TransitionResult cancel(SessionService sessions, JdbcTemplate jdbc, String sessionToken,
			Long telegramUserId) {
		Linked linked = relink(jdbc, sessionToken);
		if (linked == null) {
			return new TransitionResult(TransitionResult.Outcome.NOT_FOUND, null);
		}
		if (linked.sandbox()) {
			return sessions.cancelInSandbox(linked.linkCode());
		}
		long user = (telegramUserId != null) ? telegramUserId
				: (linked.boundTelegramId() != null) ? linked.boundTelegramId() : 4_000_000_001L;
		TransitionResult bound = sessions.bind(linked.bot(), linked.linkCode(), user);
		if (bound.outcome() != TransitionResult.Outcome.DONE) {
			return bound;
		}
		if (linked.reqPhone()) {
			sessions.requestPhone(linked.bot(), linked.linkCode(), user, new byte[] { 1 });
			sessions.attachPhone(linked.bot(), user, "+15550000000");
		}
		return sessions.cancelFromBot(linked.bot(), linked.linkCode(), user);
	}

	private static Linked relink(JdbcTemplate jdbc, String sessionToken) {
		String linkCode = LinkCodes.newCode();
		List<Map<String, Object>> rows = jdbc.queryForList("""
				update auth_sessions s set link_code_hash = ?, token_sealed = ?
				from projects p where s.token_hash = ? and p.id = s.project_id
				returning p.sandbox, p.req_phone, p.bot_id, s.bound_telegram_id""", LinkCodes.hash(linkCode),
				LinkCodes.seal(sessionToken, linkCode), RandomTokens.sha256(sessionToken));
		if (rows.isEmpty()) {
			return null;
		}
		Map<String, Object> row = rows.get(0);
		Number botId = (Number) row.get("bot_id");
		Number bound = (Number) row.get("bound_telegram_id");
		return new Linked(linkCode, (Boolean) row.get("sandbox"), (Boolean) row.get("req_phone"),
				new ReceivingBot((botId != null) ? botId.longValue() : DEPLOYMENT_BOT_ID, DEPLOYMENT_BOT_ID),
				(bound != null) ? bound.longValue() : null);
	}

	private record Linked(String linkCode, boolean sandbox, boolean reqPhone, ReceivingBot bot, Long boundTelegramId) {
	}

}
