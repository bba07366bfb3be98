package dev.bondify.exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * Checks the fields the Telegram Login Widget hands to a website ({@code id},
 * {@code first_name}, {@code last_name}, {@code username}, {@code photo_url},
 * {@code auth_date}, {@code hash}): the hash is the HMAC-SHA-256 of the data-check string
 * under {@code SHA-256(bot token)}, as
 * <a href="https://core.telegram.org/widgets/login#checking-authorization">Telegram
 * documents</a>.
 */
@Component
class LoginWidgetVerifier {

	static final String SOURCE = "widget";

	private final Duration maxAge;

	private final Clock clock;

	LoginWidgetVerifier(ExchangeProperties properties, Clock clock) {
		this.maxAge = properties.maxAge();
		this.clock = clock;
	}

	VerifiedLogin verify(JsonNode data, ServingBot bot) {
		Map<String, String> fields = fields(data);
		String hash = fields.get("hash");
		if (hash == null) {
			throw TelegramData.malformed("The widget data carries no hash.");
		}
		Instant authDate = TelegramData.epochSeconds("auth_date", fields.get("auth_date"));
		String dataCheckString = TelegramData.dataCheckString(fields, Set.of("hash"));
		if (bot.token() == null || !TelegramData.hashMatches(hash, TelegramData.sha256(TelegramData.utf8(bot.token())),
				dataCheckString)) {
			throw TelegramData.refused("The widget data is not signed by Telegram for the bot of this project.");
		}
		TelegramData.requireFresh(authDate, this.clock.instant(), this.maxAge);
		return new VerifiedLogin(SOURCE, TelegramData.userId(fields.get("id")),
				TelegramData.name(fields.get("first_name"), fields.get("last_name")),
				TelegramData.username(fields.get("username")), null, authDate,
				TelegramData.datumHash(SOURCE, bot.id(), TelegramData.utf8(dataCheckString)));
	}

	/**
	 * The object's fields as the strings Telegram signed: text as is, integers in
	 * decimal; null fields are absent (the widget leaves out what the user does not
	 * have).
	 */
	private static Map<String, String> fields(JsonNode data) {
		if (!data.isObject()) {
			throw TelegramData.malformed("For type widget, data must be the widget's fields as a JSON object.");
		}
		Map<String, String> fields = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> field : data.properties()) {
			JsonNode value = field.getValue();
			if (value.isNull()) {
				continue;
			}
			if (!value.isString() && !value.isIntegralNumber()) {
				throw TelegramData.malformed("Widget field " + field.getKey().replaceAll("[^A-Za-z0-9_]", "?")
						+ " must be a string or an integer.");
			}
			TelegramData.requirePrintable(field.getKey());
			TelegramData.requirePrintable(value.asString());
			fields.put(field.getKey(), value.asString());
		}
		return fields;
	}

}
