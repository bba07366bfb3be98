package dev.bondify.telegram;

import java.net.URI;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.OkHttpClient;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;

import dev.bondify.system.InvalidConfigurationException;
import dev.bondify.system.SecretSealer;
import dev.bondify.telegram.TelegramProperties.Mode;

/**
 * The one Bot API client of the service, the bot's texts, and the start-up checks of the
 * Telegram settings.
 */
@Configuration(proxyBeanMethods = false)
class TelegramConfiguration {

	private static final Pattern WEBHOOK_SECRET = Pattern.compile("[A-Za-z0-9_-]{1,256}");

	/**
	 * Shared connection pool and dispatcher; every call is bounded by the request
	 * timeout.
	 */
	@Bean
	OkHttpClient telegramHttpClient(TelegramClientProperties client) {
		return new OkHttpClient.Builder().connectTimeout(client.requestTimeout())
			.readTimeout(client.requestTimeout())
			.writeTimeout(client.requestTimeout())
			.callTimeout(client.requestTimeout())
			.build();
	}

	@Bean
	TelegramClient telegramClient(OkHttpClient telegramHttpClient, TelegramProperties telegram) {
		check(telegram);
		return new OkHttpTelegramClient(telegramHttpClient, tokenOrPlaceholder(telegram),
				telegramUrl(telegram.apiUrl()));
	}

	/**
	 * Polling needs a longer read timeout than other calls (the long poll), so it gets a
	 * client of its own.
	 */
	@Bean
	TelegramPoller telegramPoller(OkHttpClient telegramHttpClient, TelegramProperties telegram,
			TelegramClientProperties client, TelegramUpdateProcessor processor) {
		OkHttpClient polling = telegramHttpClient.newBuilder()
			.readTimeout(client.pollTimeout().plus(client.requestTimeout()))
			.callTimeout(client.pollTimeout().plus(client.requestTimeout()))
			.build();
		TelegramClient pollingClient = new OkHttpTelegramClient(polling, tokenOrPlaceholder(telegram),
				telegramUrl(telegram.apiUrl()));
		return new TelegramPoller(pollingClient, processor, client.pollTimeout(),
				telegram.effectiveMode() == Mode.POLLING);
	}

	/**
	 * Seals link codes while the bot waits for a contact, with a key derived from the
	 * server's encryption key (read at first use, not at start-up).
	 */
	@Bean
	ResumeTokenSealer resumeTokenSealer(SecretSealer sealer) {
		return new ResumeTokenSealer(() -> sealer.derive("telegram-resume-token"));
	}

	/**
	 * The bot's texts (English default, Russian), separate from any application-wide
	 * message source.
	 */
	@Bean
	BotTexts botTexts() {
		ResourceBundleMessageSource source = new ResourceBundleMessageSource();
		source.setBasename("telegram/messages");
		source.setDefaultEncoding("UTF-8");
		source.setFallbackToSystemLocale(false);
		source.setAlwaysUseMessageFormat(true);
		return new BotTexts((MessageSource) source);
	}

	/**
	 * Jackson 2 reader for the library's {@code Update} types (Spring MVC itself runs
	 * Jackson 3).
	 */
	static ObjectMapper updateMapper() {
		return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
	}

	static TelegramUrl telegramUrl(URI apiUrl) {
		String scheme = (apiUrl.getScheme() != null) ? apiUrl.getScheme() : "https";
		int port = (apiUrl.getPort() != -1) ? apiUrl.getPort() : ("http".equals(scheme) ? 80 : 443);
		return new TelegramUrl(scheme, apiUrl.getHost(), port, false);
	}

	/**
	 * Fails start-up with one sentence when the mode cannot work with the settings given.
	 */
	static void check(TelegramProperties telegram) {
		Mode mode = telegram.effectiveMode();
		if (mode == Mode.OFF) {
			return;
		}
		if (isBlank(telegram.botToken()) && mode == Mode.POLLING) {
			throw new InvalidConfigurationException("BONDIFY_TELEGRAM_MODE=" + mode.name().toLowerCase()
					+ " needs the bot's token in BONDIFY_TELEGRAM_BOT_TOKEN (or set BONDIFY_TELEGRAM_MODE=off).");
		}
		if (telegram.apiUrl() == null || telegram.apiUrl().getHost() == null) {
			throw new InvalidConfigurationException(
					"BONDIFY_TELEGRAM_API_URL must be an absolute URL such as " + "https://api.telegram.org.");
		}
		// Webhook mode without a deployment bot serves projects' own bots only, whose
		// secrets are derived.
		if (mode == Mode.WEBHOOK && !isBlank(telegram.botToken())) {
			if (isBlank(telegram.webhookSecret())) {
				throw new InvalidConfigurationException("BONDIFY_TELEGRAM_WEBHOOK_SECRET must be set in webhook mode, "
						+ "so that only Telegram can post updates to /api/v1/telegram/webhook.");
			}
			if (!WEBHOOK_SECRET.matcher(telegram.webhookSecret()).matches()) {
				throw new InvalidConfigurationException("BONDIFY_TELEGRAM_WEBHOOK_SECRET may only contain "
						+ "A-Z, a-z, 0-9, _ and - (1 to 256 characters), as Telegram requires.");
			}
		}
	}

	/**
	 * The numeric bot id (the part of the token before the colon), which scopes update
	 * ids.
	 */
	static long botId(TelegramProperties telegram) {
		String token = telegram.botToken();
		if (token == null || token.indexOf(':') < 1) {
			return 0;
		}
		try {
			return Long.parseLong(token.substring(0, token.indexOf(':')));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static String tokenOrPlaceholder(TelegramProperties telegram) {
		// In mode off no call is ever made; the client still needs a non-null token.
		return isBlank(telegram.botToken()) ? "unset" : telegram.botToken();
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
