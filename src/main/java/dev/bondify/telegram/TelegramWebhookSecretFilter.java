package dev.bondify.telegram;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.bondify.system.ErrorCode;
import dev.bondify.system.ErrorResponseWriter;
import dev.bondify.system.RandomTokens;
import dev.bondify.telegram.TelegramProperties.Mode;

/**
 * The one check of both webhook secrets, inside the webhooks surface's Spring Security
 * chain: the deployment bot's configured secret, or the secret derived for an own bot's
 * id (and the bot still configured); one constant-time comparison, before the body is
 * read; anything else is the same 401.
 */
class TelegramWebhookSecretFilter extends OncePerRequestFilter {

	static final String PATH = "/api/v1/telegram/webhook";

	static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

	private static final String REJECTED = "Missing or invalid " + SECRET_HEADER + " header.";

	private final TelegramProperties telegram;

	private final OwnBotWebhooks webhooks;

	private final BotClients bots;

	private final ErrorResponseWriter writer;

	TelegramWebhookSecretFilter(TelegramProperties telegram, OwnBotWebhooks webhooks, BotClients bots,
			ErrorResponseWriter writer) {
		this.telegram = telegram;
		this.webhooks = webhooks;
		this.bots = bots;
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI();
		long ownBot = path.startsWith(PATH + "/") ? OwnBotWebhooks.parseBotId(path.substring(PATH.length() + 1)) : 0;
		String expected = expectedSecret(path, ownBot);
		if (expected == null || !RandomTokens.constantTimeEquals(expected, request.getHeader(SECRET_HEADER))
				|| (ownBot > 0 && !this.bots.isOwnBot(ownBot))) {
			this.writer.write(response, ErrorCode.UNAUTHORIZED, REJECTED, null);
			return;
		}
		chain.doFilter(request, response);
	}

	/** The secret this path expects, or null when no secret can be right. */
	private String expectedSecret(String path, long ownBot) {
		if (this.telegram.effectiveMode() != Mode.WEBHOOK) {
			return null;
		}
		if (path.equals(PATH)) {
			return this.telegram.webhookSecret();
		}
		return (ownBot > 0) ? this.webhooks.secret(ownBot) : null;
	}

}
