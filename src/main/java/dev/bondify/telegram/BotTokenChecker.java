package dev.bondify.telegram;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

import org.springframework.stereotype.Component;

import dev.bondify.project.OwnBot;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * Checks a project's {@code bot_token} with Telegram's {@code getMe} before it is saved:
 * a token Telegram refuses is a 400 with a sentence that never repeats it, an unreachable
 * Telegram a 503, and the deployment's own bot cannot be saved as a project's.
 */
@Component
class BotTokenChecker implements OwnBot.Checker {

	private static final Logger log = LoggerFactory.getLogger(BotTokenChecker.class);

	private final BotClients bots;

	BotTokenChecker(BotClients bots) {
		this.bots = bots;
	}

	@Override
	public OwnBot check(String token) {
		User me;
		try {
			me = this.bots.forToken(token).execute(new GetMe());
		}
		catch (TelegramApiRequestException ex) {
			Integer status = ex.getErrorCode();
			if (status != null && status >= 400 && status < 500) {
				throw new ApiException(ErrorCode.INVALID_REQUEST, "Telegram refused bot_token (getMe answered " + status
						+ "): it is wrong or was revoked in BotFather; nothing was saved.");
			}
			throw unreachable(ex);
		}
		catch (TelegramApiException | RuntimeException ex) {
			throw unreachable(ex);
		}
		if (me == null || me.getId() == null || me.getUserName() == null || !Boolean.TRUE.equals(me.getIsBot())) {
			throw new ApiException(ErrorCode.INVALID_REQUEST,
					"Telegram's getMe did not describe a bot with a username for bot_token; nothing was saved.");
		}
		if (me.getId() == this.bots.deploymentBotId()) {
			throw new ApiException(ErrorCode.INVALID_REQUEST,
					"bot_token is this server's own bot; leave bot_token out (or send null) to sign in through it.");
		}
		return new OwnBot(me.getId(), me.getUserName());
	}

	private static ApiException unreachable(Exception ex) {
		log.warn("Telegram getMe for a bot_token failed: {}", ex.getClass().getSimpleName());
		return new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
				"Telegram could not be reached to check bot_token; nothing was saved, try again shortly.");
	}

}
