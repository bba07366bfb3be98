package dev.bondify.telegram;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.telegram.telegrambots.meta.api.objects.Update;

import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.TextRules;

/**
 * {@code POST /api/v1/telegram/webhook} (the deployment's bot) and
 * {@code POST /api/v1/telegram/webhook/<bot id>} (a project's own bot): Telegram's
 * updates in webhook mode. The secret header is checked before the body is read, by
 * {@link TelegramWebhookSecretFilter} in the webhooks' Security chain; the body is parsed
 * with the library's own (Jackson 2) types, not by Spring MVC.
 */
@RestController
class TelegramWebhookController {

	static final String SECRET_HEADER = TelegramWebhookSecretFilter.SECRET_HEADER;

	private static final ObjectMapper UPDATES = TelegramConfiguration.updateMapper();

	private final TelegramUpdateProcessor processor;

	TelegramWebhookController(TelegramUpdateProcessor processor) {
		this.processor = processor;
	}

	/**
	 * A project's own bot; its secret was checked by {@link TelegramWebhookSecretFilter}
	 * before the body was read.
	 */
	@PostMapping("/api/v1/telegram/webhook/{botId}")
	Map<String, Boolean> receive(@PathVariable String botId, HttpServletRequest request) throws IOException {
		long id = OwnBotWebhooks.parseBotId(botId);
		Update update = parse(request);
		if (update != null) {
			this.processor.process(id, update);
		}
		return Map.of("ok", true);
	}

	/**
	 * The deployment's bot; its secret was checked by
	 * {@link TelegramWebhookSecretFilter}.
	 */
	@PostMapping("/api/v1/telegram/webhook")
	Map<String, Boolean> receive(HttpServletRequest request) throws IOException {
		Update update = parse(request);
		if (update != null) {
			this.processor.process(update);
		}
		return Map.of("ok", true);
	}

	private static Update parse(HttpServletRequest request) {
		try {
			JsonNode tree = UPDATES.readTree(request.getInputStream().readAllBytes());
			if (tree == null || !tree.isObject()) {
				throw new ApiException(ErrorCode.INVALID_REQUEST,
						"The body must be a Telegram Update with an update_id.");
			}
			if (!textAcceptable(tree)) {
				throw new ApiException(ErrorCode.INVALID_REQUEST, TextRules.MESSAGE);
			}
			if (!tree.path("update_id").isIntegralNumber() || !tree.path("update_id").canConvertToInt()) {
				throw new ApiException(ErrorCode.INVALID_REQUEST,
						"The body must be a Telegram Update with an update_id.");
			}
			try {
				return UPDATES.treeToValue(tree, Update.class);
			}
			catch (com.fasterxml.jackson.core.JacksonException | IllegalArgumentException ex) {
				// An update with pieces the library requires missing (a message without
				// chat, a user without is_bot): nothing to act on, and a non-2xx answer
				// would only make Telegram redeliver it.
				return null;
			}
		}
		catch (com.fasterxml.jackson.core.JacksonException | IllegalArgumentException ex) {
			throw new ApiException(ErrorCode.INVALID_REQUEST, "The body must be a Telegram Update with an update_id.");
		}
		catch (IOException ex) {
			// Reading failed (e.g. over the body limit): mapped like any unreadable body,
			// 413 or 400.
			throw new HttpMessageNotReadableException("Unreadable Telegram update", ex,
					new ServletServerHttpRequest(request));
		}
	}

	/**
	 * {@link TextRules} for every string and field name of the update, before any of it
	 * can reach the database.
	 */
	private static boolean textAcceptable(JsonNode node) {
		if (node.isTextual()) {
			return TextRules.isAcceptable(node.textValue());
		}
		for (Map.Entry<String, JsonNode> field : node.properties()) {
			if (!TextRules.isAcceptable(field.getKey()) || !textAcceptable(field.getValue())) {
				return false;
			}
		}
		if (node.isArray()) {
			for (JsonNode element : node) {
				if (!textAcceptable(element)) {
					return false;
				}
			}
		}
		return true;
	}

}
