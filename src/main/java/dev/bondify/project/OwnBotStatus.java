package dev.bondify.project;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes what Telegram said about a project's own bot ({@code revoked},
 * {@code webhook_failing}, back to {@code ok}) into every project of that bot, each as
 * one conditional UPDATE, and drops the changed projects from the project cache so their
 * next generate sees the status at once.
 */
@Component
public class OwnBotStatus {

	private final JdbcClient jdbc;

	private final ProjectCache cache;

	OwnBotStatus(JdbcClient jdbc, ProjectCache cache) {
		this.jdbc = jdbc;
		this.cache = cache;
	}

	/**
	 * Marks revoked the projects that saved exactly this sealed token (a token saved
	 * since is left alone); the number of projects changed, 0 when already marked.
	 */
	public int markRevoked(long botId, byte[] sealedToken) {
		List<String> changed = this.jdbc.sql("""
				update projects set bot_status = ?
				where bot_id = ? and bot_token_sealed = ? and bot_status <> ? returning id""")
			.params(OwnBot.STATUS_REVOKED, botId, sealedToken, OwnBot.STATUS_REVOKED)
			.query(String.class)
			.list();
		changed.forEach(this.cache::forgetAfterCommit);
		return changed.size();
	}

	/**
	 * Records whether Telegram accepted the bot's webhook ({@code ok} ↔
	 * {@code webhook_failing}); a revoked bot stays revoked.
	 */
	public void markWebhook(long botId, boolean accepted) {
		String from = accepted ? OwnBot.STATUS_WEBHOOK_FAILING : OwnBot.STATUS_OK;
		String to = accepted ? OwnBot.STATUS_OK : OwnBot.STATUS_WEBHOOK_FAILING;
		this.jdbc.sql("update projects set bot_status = ? where bot_id = ? and bot_status = ? returning id")
			.params(to, botId, from)
			.query(String.class)
			.list()
			.forEach(this.cache::forgetAfterCommit);
	}

}
