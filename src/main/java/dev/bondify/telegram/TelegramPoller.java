package dev.bondify.telegram;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updates.DeleteWebhook;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import dev.bondify.system.DatabaseFailures;

/**
 * Polling mode: removes any webhook, then long-polls {@code getUpdates} on one thread,
 * hands each update to the same {@link TelegramUpdateProcessor} as the webhook and
 * advances the offset past it; backs off on errors and stops with the application. One
 * poller per bot: the deployment's, and in polling mode each project's own bot.
 */
class TelegramPoller implements SmartLifecycle {

	static final List<String> ALLOWED_UPDATES = List.of("message", "callback_query");

	private static final Logger log = LoggerFactory.getLogger(TelegramPoller.class);

	private static final long MIN_BACKOFF_MILLIS = 500;

	private static final long MAX_BACKOFF_MILLIS = 30_000;

	private final TelegramClient client;

	private final Consumer<Update> processor;

	private final String threadName;

	private final Runnable onUnauthorized;

	private final int pollSeconds;

	private final boolean enabled;

	private volatile boolean running;

	private volatile Thread thread;

	private volatile int offset;

	TelegramPoller(TelegramClient client, TelegramUpdateProcessor processor, Duration pollTimeout, boolean enabled) {
		this(client, processor::process, pollTimeout, enabled, "telegram-poller", null);
	}

	/**
	 * A poller of one bot: {@code processor} handles its updates, {@code onUnauthorized}
	 * (if any) runs once and the poller stops when Telegram answers 401 for its token.
	 */
	TelegramPoller(TelegramClient client, Consumer<Update> processor, Duration pollTimeout, boolean enabled,
			String threadName, Runnable onUnauthorized) {
		this.client = client;
		this.processor = processor;
		this.threadName = threadName;
		this.onUnauthorized = onUnauthorized;
		this.pollSeconds = (int) Math.max(0, pollTimeout.toSeconds());
		this.enabled = enabled;
	}

	@Override
	public boolean isAutoStartup() {
		return this.enabled;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		Thread poller = new Thread(this::run, this.threadName);
		poller.setDaemon(true);
		this.thread = poller;
		poller.start();
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		Thread poller = this.thread;
		if (poller != null) {
			poller.interrupt();
			try {
				poller.join(Duration.ofSeconds(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.thread = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** The next update id asked for. */
	int offset() {
		return this.offset;
	}

	private void run() {
		long backoff = MIN_BACKOFF_MILLIS;
		boolean webhookDeleted = false;
		while (this.running) {
			try {
				if (!webhookDeleted) {
					this.client.execute(DeleteWebhook.builder().dropPendingUpdates(false).build());
					webhookDeleted = true;
					log.info("Telegram polling started");
				}
				List<Update> updates = this.client.execute(GetUpdates.builder()
					.offset(this.offset)
					.timeout(this.pollSeconds)
					.limit(100)
					.allowedUpdates(ALLOWED_UPDATES)
					.build());
				for (Update update : updates) {
					handle(update);
				}
				backoff = MIN_BACKOFF_MILLIS;
			}
			catch (TelegramApiException | RuntimeException ex) {
				if (!this.running) {
					break;
				}
				if (this.onUnauthorized != null
						&& ex instanceof org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException request
						&& request.getErrorCode() != null && request.getErrorCode() == 401) {
					this.running = false;
					this.onUnauthorized.run();
					break;
				}
				log.warn("Telegram polling failed ({}); retrying in {} ms", describe(ex), backoff);
				if (!pause(backoff)) {
					break;
				}
				backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
			}
		}
		log.info("Telegram polling stopped");
	}

	/**
	 * A database failure stops the batch without advancing, so the update is fetched
	 * again; any other failure is logged and the update skipped, so one bad update cannot
	 * block the bot.
	 */
	private void handle(Update update) {
		try {
			this.processor.accept(update);
		}
		catch (RuntimeException ex) {
			// No connection surfaces as a TransactionException (not a
			// DataAccessException): retry it, never skip it.
			if (ex instanceof DataAccessException || ex instanceof TransactionException
					|| DatabaseFailures.isUnavailable(ex)) {
				throw ex;
			}
			log.error("Telegram update {} could not be handled and is skipped", update.getUpdateId(), ex);
		}
		this.offset = Math.max(this.offset, update.getUpdateId() + 1);
	}

	private static String describe(Exception ex) {
		if (ex instanceof org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException request) {
			return "status " + request.getErrorCode();
		}
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		return cause.getClass().getSimpleName();
	}

	private boolean pause(long millis) {
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
