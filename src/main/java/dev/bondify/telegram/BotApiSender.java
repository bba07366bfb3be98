package dev.bondify.telegram;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Makes Bot API calls off the request thread, on a small bounded pool: the calls of one
 * update run in order, each bounded by the client's request timeout; a failure is logged
 * with the method and status (never the token) and changes nothing already committed.
 */
@Component
class BotApiSender implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(BotApiSender.class);

	private final TelegramClient client;

	private final ThreadPoolExecutor executor;

	BotApiSender(TelegramClient client) {
		this.client = client;
		AtomicInteger threads = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
				runnable -> {
					Thread thread = new Thread(runnable, "telegram-send-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				}, (runnable, pool) -> log.warn("Telegram send queue is full; dropped the replies of one update"));
		this.executor.allowCoreThreadTimeOut(true);
	}

	/** Queues the calls of one update; returns at once. */
	void send(List<? extends BotApiMethod<?>> calls) {
		if (!calls.isEmpty()) {
			this.executor
				.execute(() -> calls.forEach(call -> execute(call.getMethod(), client -> client.execute(call))));
		}
	}

	/**
	 * Queues one call that is not a plain {@link BotApiMethod} (e.g. the multipart
	 * {@code setWebhook}).
	 */
	void send(String method, Call call) {
		this.executor.execute(() -> execute(method, call));
	}

	private void execute(String method, Call call) {
		try {
			call.execute(this.client);
		}
		catch (TelegramApiRequestException ex) {
			if (ex.getErrorCode() != null && ex.getErrorCode() != 0) {
				log.warn("Telegram {} failed: status {} ({})", method, ex.getErrorCode(), ex.getApiResponse());
			}
			else {
				// Not a Bot API error object (e.g. a proxy's HTTP 500 page): the library
				// only says it was unreadable.
				log.warn("Telegram {} failed: unreadable response", method);
			}
		}
		catch (TelegramApiException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			log.warn("Telegram {} failed: {}", method, cause.getClass().getSimpleName());
		}
		catch (RuntimeException ex) {
			log.warn("Telegram {} failed: {}", method, ex.getClass().getSimpleName());
		}
	}

	/** One Bot API call made with the shared client. */
	@FunctionalInterface
	interface Call {

		void execute(TelegramClient client) throws TelegramApiException;

	}

	@Override
	public void destroy() throws InterruptedException {
		this.executor.shutdown();
		if (!this.executor.awaitTermination(5, TimeUnit.SECONDS)) {
			this.executor.shutdownNow();
		}
	}

}
