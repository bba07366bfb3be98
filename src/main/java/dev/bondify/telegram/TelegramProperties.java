package dev.bondify.telegram;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this service talks to Telegram.
 *
 * @param mode {@code webhook}, {@code polling} or {@code off}; unset means {@code off}
 * without a bot token and {@code webhook} with one
 * @param botToken the bot's token from BotFather (a secret)
 * @param botUsername the bot's username, used in deeplinks
 * @param webhookSecret the expected {@code X-Telegram-Bot-Api-Secret-Token} (a secret)
 * @param apiUrl the Bot API base URL
 */
@ConfigurationProperties("bondify.telegram")
public record TelegramProperties(Mode mode, String botToken, String botUsername, String webhookSecret, URI apiUrl) {

	/** Whether and how updates are received. */
	public enum Mode {

		WEBHOOK, POLLING, OFF

	}

	/** The mode in force once the default is applied. */
	public Mode effectiveMode() {
		if (this.mode != null) {
			return this.mode;
		}
		return hasText(this.botToken) ? Mode.WEBHOOK : Mode.OFF;
	}

	/**
	 * True when live (non-sandbox) sign-ins can work: a bot that receives updates and
	 * whose username is known.
	 */
	public boolean isBotConfigured() {
		return effectiveMode() != Mode.OFF && hasText(this.botToken) && hasText(this.botUsername);
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

	@Override
	public String toString() {
		return "TelegramProperties[mode=" + effectiveMode() + ", botUsername=" + this.botUsername + ", apiUrl="
				+ this.apiUrl + ", botToken=" + (hasText(this.botToken) ? "***" : "unset") + ", webhookSecret="
				+ (hasText(this.webhookSecret) ? "***" : "unset") + "]";
	}

}
