package dev.bondify.telegram;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
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

	static final String REVOKED_METRIC = "bondify.telegram.bots.revoked";

	private final BotClients bots;

	private final MeterRegistry meters;

	private final ThreadPoolExecutor executor;

	BotApiSender(BotClients bots, MeterRegistry meters) {
		this.bots = bots;
		this.meters = meters;
		AtomicInteger threads = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
				runnable -> {
					Thread thread = new Thread(runnable, "telegram-send-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				}, (runnable, pool) -> log.warn("Telegram send queue is full; dropped the replies of one update"));
		this.executor.allowCoreThreadTimeOut(true);
	}

	/** Queues the calls of one update, made with the token of the bot it came to. */
	void send(long botId, List<? extends BotApiMethod<?>> calls) {
		if (!calls.isEmpty()) {
			this.executor.execute(() -> calls.forEach(call -> execute(botId, call.getMethod(), client -> {
				client.execute(call);
			})));
		}
	}

	/** Queues the calls of one update of the deployment's bot. */
	void send(List<? extends BotApiMethod<?>> calls) {
		send(this.bots.deploymentBotId(), calls);
	}

	/**
	 * Queues one call that is not a plain {@link BotApiMethod} (e.g. the multipart
	 * {@code setWebhook}) for the deployment's bot.
	 */
	void send(String method, Call call) {
		send(this.bots.deploymentBotId(), method, call, accepted -> {
		});
	}

	/**
	 * Queues one call for a bot; {@code outcome} learns whether Telegram accepted it (not
	 * called when the bot has no usable token).
	 */
	void send(long botId, String method, Call call, Consumer<Boolean> outcome) {
		this.executor.execute(() -> {
			Boolean accepted = execute(botId, method, call);
			if (accepted != null) {
				outcome.accept(accepted);
			}
		});
	}

	/**
	 * Queues one call made with a token that is not (or no longer) saved, e.g. the
	 * {@code deleteWebhook} of a removed bot.
	 */
	void sendWithToken(String token, String method, Call call) {
		this.executor.execute(() -> execute(method, call, this.bots.forToken(token)));
	}

	private Boolean execute(long botId, String method, Call call) {
		Optional<TelegramClient> client = this.bots.client(botId);
		if (client.isEmpty()) {
			log.debug("Telegram {} skipped: bot {} has no usable token", method, botId);
			return null;
		}
		try {
			call.execute(client.get());
			return true;
		}
		catch (TelegramApiRequestException ex) {
			if (ex.getErrorCode() != null && ex.getErrorCode() == 401 && botId != this.bots.deploymentBotId()) {
				revoked(botId);
				return false;
			}
			log(method, ex);
			return false;
		}
		catch (TelegramApiException | RuntimeException ex) {
			log(method, ex);
			return false;
		}
	}

	/**
	 * Telegram no longer knows the token: mark it revoked once (the first 401 changes the
	 * rows, later ones find nothing to change), so the developer sees it and generate
	 * answers 503 for those projects only.
	 */
	void revoked(long botId) {
		int projects = this.bots.markRevoked(botId);
		if (projects > 0) {
			log.warn("Telegram answered 401 for the own bot {} of {} project(s): marked revoked; its projects need a"
					+ " new bot_token", botId, projects);
			this.meters.counter(REVOKED_METRIC).increment();
		}
	}

	private void execute(String method, Call call, TelegramClient client) {
		try {
			call.execute(client);
		}
		catch (TelegramApiException | RuntimeException ex) {
			log(method, ex);
		}
	}

	private static void log(String method, Exception failure) {
		if (failure instanceof TelegramApiRequestException ex) {
			if (ex.getErrorCode() != null && ex.getErrorCode() != 0) {
				log.warn("Telegram {} failed: status {} ({})", method, ex.getErrorCode(), ex.getApiResponse());
			}
			else {
				// Not a Bot API error object (e.g. a proxy's HTTP 500 page): the library
				// only says it was unreadable.
				log.warn("Telegram {} failed: unreadable response", method);
			}
		}
		else if (failure instanceof TelegramApiException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			log.warn("Telegram {} failed: {}", method, cause.getClass().getSimpleName());
		}
		else {
			log.warn("Telegram {} failed: {}", method, failure.getClass().getSimpleName());
		}
	}

	/** One Bot API call, made with the client of the bot it is for. */
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
