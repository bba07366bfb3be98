package dev.bondify.telegram;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import okhttp3.OkHttpClient;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.bondify.project.OwnBot;
import dev.bondify.telegram.TelegramProperties.Mode;

/**
 * Polling mode for projects' own bots: one {@link TelegramPoller} per bot with a usable
 * token, started with the application and when a bot is saved, stopped when it is
 * replaced or removed; a 401 marks the token revoked and stops that bot's poller only.
 */
@Component
class OwnBotPollers implements SmartLifecycle {

	private final BotClients bots;

	private final BotApiSender sender;

	private final TelegramUpdateProcessor processor;

	private final TelegramClientProperties client;

	private final OkHttpClient polling;

	private final boolean enabled;

	private final Map<Long, TelegramPoller> pollers = new ConcurrentHashMap<>();

	private volatile boolean running;

	OwnBotPollers(BotClients bots, BotApiSender sender, TelegramUpdateProcessor processor,
			TelegramClientProperties client, OkHttpClient telegramHttpClient, TelegramProperties telegram) {
		this.bots = bots;
		this.sender = sender;
		this.processor = processor;
		this.client = client;
		this.polling = telegramHttpClient.newBuilder()
			.readTimeout(client.pollTimeout().plus(client.requestTimeout()))
			.callTimeout(client.pollTimeout().plus(client.requestTimeout()))
			.build();
		this.enabled = telegram.effectiveMode() == Mode.POLLING;
	}

	@Override
	public boolean isAutoStartup() {
		return this.enabled;
	}

	@Override
	public void start() {
		this.running = true;
		this.bots.ownBotIds().forEach(this::startPolling);
	}

	@Override
	public void stop() {
		this.running = false;
		this.pollers.values().forEach(TelegramPoller::stop);
		this.pollers.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** The bots polled now. */
	boolean polls(long botId) {
		return this.pollers.containsKey(botId);
	}

	@TransactionalEventListener
	void changed(OwnBot.Changed change) {
		if (!this.running) {
			return;
		}
		if (change.previousBotId() != null) {
			stopPolling(change.previousBotId());
		}
		if (change.botId() != null) {
			stopPolling(change.botId());
			this.bots.forget(change.botId());
			startPolling(change.botId());
		}
	}

	private synchronized void startPolling(long botId) {
		if (this.pollers.containsKey(botId)) {
			return;
		}
		Optional<TelegramClient> own = this.bots.clientOn(botId, this.polling);
		own.ifPresent(botClient -> {
			TelegramPoller poller = new TelegramPoller(botClient, update -> this.processor.process(botId, update),
					this.client.pollTimeout(), true, "telegram-poller-" + botId, () -> {
						this.pollers.remove(botId);
						this.sender.revoked(botId);
					});
			this.pollers.put(botId, poller);
			poller.start();
		});
	}

	private void stopPolling(long botId) {
		TelegramPoller poller = this.pollers.remove(botId);
		if (poller != null) {
			poller.stop();
		}
	}

}
