package dev.bondify.telegram;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.telegram.telegrambots.meta.api.objects.Update;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one path every update takes, from the webhook or from polling: dedupe its id and
 * apply its state change in one transaction, then, once committed, hand the replies to
 * {@link BotApiSender} and count it.
 */
@Component
class TelegramUpdateProcessor {

	static final String METRIC = "bondify.telegram.updates";

	private final ProcessedUpdates processed;

	private final TelegramUpdateHandler handler;

	private final BotApiSender sender;

	private final TransactionTemplate transaction;

	private final MeterRegistry meters;

	private final long deploymentBotId;

	TelegramUpdateProcessor(ProcessedUpdates processed, TelegramUpdateHandler handler, BotApiSender sender,
			TransactionTemplate transaction, MeterRegistry meters, TelegramProperties telegram) {
		this.processed = processed;
		this.handler = handler;
		this.sender = sender;
		this.transaction = transaction;
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
		HandledUpdate handled = this.transaction.execute(status -> {
			if (!this.processed.markNew(botId, update.getUpdateId())) {
				return null;
			}
			return this.handler.handle(botId, update);
		});
		if (handled == null) {
			this.meters.counter(METRIC, "type", HandledUpdate.DUPLICATE).increment();
			return;
		}
		this.meters.counter(METRIC, "type", handled.type()).increment();
		this.sender.send(botId, handled.replies());
	}

}
