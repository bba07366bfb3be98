package dev.bondify.telegram;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import okhttp3.OkHttpClient;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.bondify.project.OwnBot;
import dev.bondify.project.OwnBotStatus;
import dev.bondify.system.ChangeNotifications;
import dev.bondify.system.SecretSealer;

/**
 * The Bot API client of every bot this service speaks for: the deployment's bot from the
 * configuration, and each project's own bot, whose token is read from the database and
 * decrypted once, then kept with the sealed value it came from (so a 401 marks exactly
 * that token revoked, never a newer one saved meanwhile) until any project changes on any
 * instance.
 */
@Component
class BotClients implements ChangeNotifications.Subscriber {

	private final TelegramClient deployment;

	private final long deploymentBotId;

	private final boolean deploymentConfigured;

	private final OkHttpClient http;

	private final TelegramProperties telegram;

	private final JdbcClient jdbc;

	private final SecretSealer sealer;

	private final OwnBotStatus status;

	private final Map<Long, OwnClient> own = new ConcurrentHashMap<>();

	BotClients(TelegramClient telegramClient, OkHttpClient telegramHttpClient, TelegramProperties telegram,
			JdbcClient jdbc, SecretSealer sealer, OwnBotStatus status, ChangeNotifications notifications) {
		this.deployment = telegramClient;
		this.deploymentBotId = TelegramConfiguration.botId(telegram);
		this.deploymentConfigured = telegram.botToken() != null && !telegram.botToken().isBlank();
		this.http = telegramHttpClient;
		this.telegram = telegram;
		this.jdbc = jdbc;
		this.sealer = sealer;
		this.status = status;
		if (notifications != null) {
			notifications.subscribe(this);
		}
	}

	/**
	 * A project changed on some instance (perhaps its bot token): forget every own bot's
	 * client, each is read again at its next use.
	 */
	@Override
	public void changed(String payload) {
		if (payload.startsWith("p")) {
			this.own.clear();
		}
	}

	@Override
	public void reset() {
		this.own.clear();
	}

	/** The deployment bot's id (0 when none is configured). */
	long deploymentBotId() {
		return this.deploymentBotId;
	}

	/**
	 * The client of a bot: the deployment's, or a project's own bot that is not revoked.
	 */
	Optional<TelegramClient> client(long botId) {
		if (botId == this.deploymentBotId) {
			return this.deploymentConfigured ? Optional.of(this.deployment) : Optional.empty();
		}
		return ownClient(botId).map(OwnClient::client);
	}

	/** Whether {@code botId} is a project's own bot with a usable token. */
	boolean isOwnBot(long botId) {
		return botId != this.deploymentBotId && ownClient(botId).isPresent();
	}

	/**
	 * A client for a token that is not saved (yet): the check at save, a webhook removal.
	 */
	TelegramClient forToken(String token) {
		return new OkHttpTelegramClient(this.http, token, TelegramConfiguration.telegramUrl(this.telegram.apiUrl()));
	}

	/**
	 * A client of an own bot on another HTTP client (polling needs a longer read
	 * timeout).
	 */
	Optional<TelegramClient> clientOn(long botId, OkHttpClient http) {
		return ownClient(botId).flatMap(own -> this.sealer.open(own.sealed()))
			.map(token -> new OkHttpTelegramClient(http, token,
					TelegramConfiguration.telegramUrl(this.telegram.apiUrl())));
	}

	/** The own bots with a usable token, for start-up registration and polling. */
	List<Long> ownBotIds() {
		return this.jdbc.sql("select distinct bot_id from projects where bot_id is not null and bot_status <> ?")
			.param(OwnBot.STATUS_REVOKED)
			.query(Long.class)
			.list();
	}

	/** Whether any project still signs in through {@code botId}. */
	boolean inUse(long botId) {
		return this.jdbc.sql("select exists (select 1 from projects where bot_id = ?)")
			.param(botId)
			.query(Boolean.class)
			.single();
	}

	/**
	 * Marks the token a 401 came back for revoked, in every project that saved it; the
	 * number of projects changed (0 when they were already marked or saved a new token).
	 */
	int markRevoked(long botId) {
		OwnClient cached = this.own.remove(botId);
		if (cached == null) {
			return 0;
		}
		return this.status.markRevoked(botId, cached.sealed());
	}

	/**
	 * Records whether Telegram accepted the bot's webhook ({@code ok} ↔
	 * {@code webhook_failing}); a revoked bot stays revoked.
	 */
	void markWebhook(long botId, boolean accepted) {
		this.status.markWebhook(botId, accepted);
	}

	/** Drops what is known of a bot, after its token was saved, replaced or removed. */
	void forget(long botId) {
		this.own.remove(botId);
	}

	private Optional<OwnClient> ownClient(long botId) {
		OwnClient cached = this.own.get(botId);
		if (cached != null) {
			return Optional.of(cached);
		}
		// Only bots that exist are kept, so unknown ids cannot grow the map.
		Optional<OwnClient> loaded = load(botId);
		loaded.ifPresent(client -> this.own.put(botId, client));
		return loaded;
	}

	private Optional<OwnClient> load(long botId) {
		return this.jdbc.sql(
				"select bot_token_sealed from projects where bot_id = ? and bot_status <> ? order by created_at desc limit 1")
			.params(botId, OwnBot.STATUS_REVOKED)
			.query(byte[].class)
			.optional()
			.flatMap(sealed -> this.sealer.open(sealed).map(token -> new OwnClient(forToken(token), sealed)));
	}

	private record OwnClient(TelegramClient client, byte[] sealed) {
	}

}
