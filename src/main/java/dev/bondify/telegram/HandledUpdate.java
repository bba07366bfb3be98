package dev.bondify.telegram;

import java.util.List;

import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

/**
 * What handling one update decided: its kind (the {@code type} tag of the metric) and the
 * Bot API calls to make, in order, once the state change has been committed.
 */
record HandledUpdate(String type, List<BotApiMethod<?>> replies) {

	static final String START = "start";

	static final String CALLBACK = "callback";

	static final String CONTACT = "contact";

	static final String OTHER = "other";

	static final String IGNORED = "ignored";

	static final String DUPLICATE = "duplicate";

	static HandledUpdate ignored() {
		return new HandledUpdate(IGNORED, List.of());
	}

}
