package dev.bondify.telegram;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.telegram.telegrambots.meta.api.objects.Update;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The one path every update takes, from the webhook or from polling: skip an update
 * already handled, apply its state change (each a short transaction of its own, committed
 * before any reply is sent), record its id, then hand the replies to {@link BotApiSender}
 * and count it.
 */
// No transaction spans the update: the dedupe record is written after the state change,
// on its own, so no lock is held while this thread waits for the CPU or for another
// statement (under a starved CPU a single transaction from the id's insert to the
// confirm was seen "idle in transaction" for seconds, holding the session's row). The
// state changes are conditional statements: a redelivery that finds no record (the
// record failed, or two deliveries raced) changes nothing twice and only repeats a
// reply. The webhook answers non-2xx only when the state change itself failed, so
// Telegram redelivers exactly the updates that were not stored.
@Component
class TelegramUpdateProcessor {

	static final String METRIC = "bondify.telegram.updates";

	private static final Logger log = LoggerFactory.getLogger(TelegramUpdateProcessor.class);

	private final ProcessedUpdates processed;

	private final TelegramUpdateHandler handler;

	private final BotApiSender sender;

	private final MeterRegistry meters;

	private final long deploymentBotId;

	TelegramUpdateProcessor(ProcessedUpdates processed, TelegramUpdateHandler handler, BotApiSender sender,
			MeterRegistry meters, TelegramProperties telegram) {
		this.processed = processed;
		this.handler = handler;
		this.sender = sender;
		this.meters = meters;
		this.deploymentBotId = TelegramConfiguration.botId(telegram);
		// Every type's series exists from the start, so a dashboard's rate() has a zero
		// to start from.
		for (String type : List.of(HandledUpdate.START, HandledUpdate.CALLBACK, HandledUpdate.CONTACT,
				HandledUpdate.OTHER, HandledUpdate.IGNORED, HandledUpdate.DUPLICATE)) {
			meters.counter(METRIC, "type", type);
		}
	}

	/** An update of the deployment's bot. */
	void process(Update update) {
		process(this.deploymentBotId, update);
	}

	/**
	 * An update of the bot {@code botId}: update ids are deduplicated per bot, and the
	 * replies go out with that bot's token.
	 */
	void process(long botId, Update update) {
		if (update == null || update.getUpdateId() == null) {
			// Nothing the library could read: answered 200 by the caller, never retried.
			this.meters.counter(METRIC, "type", HandledUpdate.IGNORED).increment();
			return;
		}
		if (this.processed.isHandled(botId, update.getUpdateId())) {
			this.meters.counter(METRIC, "type", HandledUpdate.DUPLICATE).increment();
			return;
		}
		HandledUpdate handled = this.handler.handle(botId, update);
		if (!record(botId, update.getUpdateId())) {
			// Another delivery of it was handled meanwhile and sends the replies.
			this.meters.counter(METRIC, "type", HandledUpdate.DUPLICATE).increment();
			return;
		}
		this.meters.counter(METRIC, "type", handled.type()).increment();
		this.sender.send(botId, handled.replies());
	}

	/**
	 * Records the update as handled; a failure here does not undo what was stored, so the
	 * update is answered as handled (a later redelivery would be handled again, and
	 * change nothing twice).
	 */
	private boolean record(long botId, long updateId) {
		try {
			return this.processed.markNew(botId, updateId);
		}
		catch (DataAccessException ex) {
			log.warn("Telegram update {} of bot {} was handled but could not be recorded as handled: {}", updateId,
					botId, ex.getClass().getSimpleName());
			return true;
		}
	}

}
