package dev.bondify.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;

import org.springframework.stereotype.Component;

import dev.bondify.session.LinkedSession;
import dev.bondify.session.ReceivingBot;
import dev.bondify.session.SessionService;
import dev.bondify.session.TransitionResult;

/**
 * Confirm / Cancel taps on the bot's own prompt: one read of the session by the link code
 * in the callback data, one conditional state change through {@link SessionService}
 * (which holds the rules: bound user, phone step, live project, not expired), then the
 * prompt is edited to its final text; the callback query is always answered, with the
 * reason when nothing changed.
 */
@Component
class CallbackHandler {

	private final SessionService sessions;

	private final BotReplies replies;

	private final BotClients bots;

	CallbackHandler(SessionService sessions, BotReplies replies, BotClients bots) {
		this.sessions = sessions;
		this.replies = replies;
		this.bots = bots;
	}

	/**
	 * A tap that reached {@code botId}: only a session of a project of that bot moves.
	 */
	List<BotApiMethod<?>> handle(long botId, CallbackQuery query) {
		User from = query.getFrom();
		Locale locale = BotTexts.localeOf(from.getLanguageCode());
		MaybeInaccessibleMessage message = query.getMessage();
		String data = (query.getData() != null) ? query.getData() : "";
		boolean confirm = data.startsWith(BotReplies.CONFIRM_PREFIX);
		// The prompt is a message the bot sent in the user's private chat; a tap without
		// it (an inline message, a forged update) is not a tap on the prompt.
		if ((!confirm && !data.startsWith(BotReplies.CANCEL_PREFIX)) || !isInChatWith(message, from)) {
			return List.of(this.replies.answer(query.getId(), locale, "answer.invalid"));
		}
		String linkCode = data.substring(BotReplies.CONFIRM_PREFIX.length());
		Optional<LinkedSession> found = this.sessions.findByLinkCode(linkCode)
			.filter(linked -> !linked.sandbox())
			.filter(linked -> TelegramUpdateHandler.servedBy(linked, botId, this.bots));
		if (found.isEmpty()) {
			return List.of(this.replies.answer(query.getId(), locale, "answer.invalid"));
		}
		LinkedSession linked = found.get();
		if (confirm && linked.reqPhone() && linked.session().telegramPhone() == null
				&& linked.session().isBoundTo(from.getId())) {
			// Only reachable from a stale prompt: the prompt of a req_phone project is
			// sent after the contact.
			return List.of(this.replies.answer(query.getId(), locale, "answer.phone-first"),
					this.replies.contactRequest(from.getId(), locale, linked.projectName()));
		}
		ReceivingBot bot = new ReceivingBot(botId, this.bots.deploymentBotId());
		TransitionResult result = confirm
				? this.sessions.confirmFromBot(bot, linkCode, TelegramUpdateHandler.identity(from, null))
				: this.sessions.cancelFromBot(bot, linkCode, from.getId());
		List<BotApiMethod<?>> calls = new ArrayList<>(2);
		if (!result.done()) {
			calls.add(this.replies.answer(query.getId(), locale, reasonKey(result.outcome())));
			return calls;
		}
		calls.add(confirm ? this.replies.answer(query.getId(), locale, "answer.confirmed", linked.projectName())
				: this.replies.answer(query.getId(), locale, "answer.cancelled"));
		calls.add(confirm
				? this.replies.edit(message.getChatId(), message.getMessageId(), locale, "final.confirmed",
						linked.projectName())
				: this.replies.edit(message.getChatId(), message.getMessageId(), locale, "final.cancelled"));
		return calls;
	}

	/** In a private chat the chat id is the user's id. */
	private static boolean isInChatWith(MaybeInaccessibleMessage message, User from) {
		return message != null && message.getChat() != null && message.getMessageId() != null && from.getId() != null
				&& from.getId().equals(message.getChat().getId());
	}

	private static String reasonKey(TransitionResult.Outcome outcome) {
		return switch (outcome) {
			case EXPIRED -> "answer.expired";
			case ALREADY_CONFIRMED -> "answer.already-confirmed";
			case ALREADY_CANCELLED -> "answer.already-cancelled";
			case OTHER_USER -> "answer.other-user";
			case NOT_FOUND, NOT_ALLOWED, DONE -> "answer.invalid";
		};
	}

}
