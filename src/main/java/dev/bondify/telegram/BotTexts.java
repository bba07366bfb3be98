package dev.bondify.telegram;

import java.util.Locale;

import org.springframework.context.MessageSource;

/**
 * The bot's texts from {@code telegram/messages*.properties}, in the language of the
 * Telegram user (Russian for {@code ru*}, English otherwise).
 */
class BotTexts {

	private static final Locale RUSSIAN = Locale.forLanguageTag("ru");

	private final MessageSource messages;

	BotTexts(MessageSource messages) {
		this.messages = messages;
	}

	static Locale localeOf(String languageCode) {
		if (languageCode != null && languageCode.toLowerCase(Locale.ROOT).startsWith("ru")) {
			return RUSSIAN;
		}
		return Locale.ENGLISH;
	}

	String get(Locale locale, String key, Object... args) {
		return this.messages.getMessage(key, args, locale);
	}

}
