package dev.bondify.telegram;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboardRemove;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.KeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.KeyboardRow;

import dev.bondify.access.Origins;
import dev.bondify.project.ProjectNames;
import dev.bondify.session.SessionSnapshot;

import org.springframework.stereotype.Component;

/**
 * Builds the bot's Bot API calls: plain-text messages (no parse mode, so project names
 * and origins need no escaping), the sign-in prompt with its Confirm / Cancel buttons,
 * and the contact request.
 */
@Component
class BotReplies {

	static final String CONFIRM_PREFIX = "c:";

	static final String CANCEL_PREFIX = "x:";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private final BotTexts texts;

	BotReplies(BotTexts texts) {
		this.texts = texts;
	}

	BotApiMethod<?> text(long chatId, Locale locale, String key, Object... args) {
		return SendMessage.builder().chatId(chatId).text(this.texts.get(locale, key, args)).build();
	}

	/**
	 * The sign-in prompt: who asks, from where and when, the warning, and the two
	 * buttons, whose callback data carry the link code (never the session token).
	 */
	BotApiMethod<?> prompt(long chatId, Locale locale, String projectName, SessionSnapshot session, String linkCode) {
		String unknown = this.texts.get(locale, "prompt.unknown");
		String text = this.texts.get(locale, "prompt", ProjectNames.display(projectName),
				origin(locale, session.origin()), orElse(session.clientIp(), unknown),
				TIME.format(session.createdAt()));
		InlineKeyboardRow row = new InlineKeyboardRow(
				InlineKeyboardButton.builder()
					.text(this.texts.get(locale, "button.confirm"))
					.callbackData(CONFIRM_PREFIX + linkCode)
					.build(),
				InlineKeyboardButton.builder()
					.text(this.texts.get(locale, "button.cancel"))
					.callbackData(CANCEL_PREFIX + linkCode)
					.build());
		return SendMessage.builder()
			.chatId(chatId)
			.text(text)
			.replyMarkup(new InlineKeyboardMarkup(List.of(row)))
			.build();
	}

	/**
	 * Only a normalised origin is ever shown; a session without one says in plain words
	 * that no website asked.
	 */
	private String origin(Locale locale, String stored) {
		Origins.Shown shown = Origins.shown(stored);
		return switch (shown.kind()) {
			case WEBSITE -> shown.origin();
			case NO_WEBSITE -> this.texts.get(locale, "prompt.no-website");
			case OPAQUE -> this.texts.get(locale, "prompt.opaque-origin");
			case UNKNOWN -> this.texts.get(locale, "prompt.unknown");
		};
	}

	/** Asks for the user's own contact with a one-button reply keyboard. */
	BotApiMethod<?> contactRequest(long chatId, Locale locale, String projectName) {
		KeyboardRow row = new KeyboardRow(
				KeyboardButton.builder().text(this.texts.get(locale, "phone.button")).requestContact(true).build());
		ReplyKeyboardMarkup keyboard = ReplyKeyboardMarkup.builder()
			.keyboard(List.of(row))
			.resizeKeyboard(true)
			.oneTimeKeyboard(true)
			.build();
		return SendMessage.builder()
			.chatId(chatId)
			.text(this.texts.get(locale, "phone.request", ProjectNames.display(projectName)))
			.replyMarkup(keyboard)
			.build();
	}

	/** A text that also removes the contact reply keyboard. */
	BotApiMethod<?> textRemovingKeyboard(long chatId, Locale locale, String key) {
		return SendMessage.builder()
			.chatId(chatId)
			.text(this.texts.get(locale, key))
			.replyMarkup(new ReplyKeyboardRemove(true))
			.build();
	}

	/** Replaces the prompt by its final state, without buttons. */
	BotApiMethod<?> edit(long chatId, int messageId, Locale locale, String key, Object... args) {
		return EditMessageText.builder()
			.chatId(chatId)
			.messageId(messageId)
			.text(this.texts.get(locale, key, args))
			.build();
	}

	BotApiMethod<?> answer(String callbackQueryId, Locale locale, String key, Object... args) {
		return AnswerCallbackQuery.builder()
			.callbackQueryId(callbackQueryId)
			.text(this.texts.get(locale, key, args))
			.build();
	}

	private static String orElse(String value, String fallback) {
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
