package dev.bondify.telegram;

import org.springframework.stereotype.Component;

import dev.bondify.project.OwnBot;
import dev.bondify.project.Project;
import dev.bondify.session.LinkTarget;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.telegram.TelegramProperties.Mode;

/**
 * Deeplinks of live projects: {@code https://t.me/<bot>?start=<link code>} with the
 * project's own bot, or the deployment's bot when it has none.
 */
@Component
class TelegramLinkTarget implements LinkTarget {

	private final TelegramProperties telegram;

	TelegramLinkTarget(TelegramProperties telegram) {
		this.telegram = telegram;
	}

	@Override
	public boolean serves(Project project) {
		return !project.isSandbox();
	}

	@Override
	public void checkAvailable() {
		if (!this.telegram.isBotConfigured()) {
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
					"No Telegram bot is configured on this server: set BONDIFY_TELEGRAM_BOT_TOKEN and "
							+ "BONDIFY_TELEGRAM_BOT_USERNAME, or use a sandbox project.");
		}
	}

	/**
	 * A project with its own bot needs that bot usable and updates received; one without
	 * falls back to the deployment's bot.
	 */
	@Override
	public void checkAvailable(Project project) {
		if (!project.hasOwnBot()) {
			checkAvailable();
			return;
		}
		if (OwnBot.STATUS_REVOKED.equals(project.getBotStatus())) {
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
					"This project's own Telegram bot token was revoked (Telegram answered 401): save a new bot_token,"
							+ " or send bot_token null to sign in through the server's bot.");
		}
		if (this.telegram.effectiveMode() == Mode.OFF) {
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
					"This server receives no Telegram updates (BONDIFY_TELEGRAM_MODE=off), so this project's own bot"
							+ " cannot sign users in.");
		}
	}

	@Override
	public String deeplink(Project project, String linkCode, String requestBaseUrl) {
		return botLink(project) + "?start=" + linkCode;
	}

	/** The chat with the project's own bot, or the deployment's (when there is one). */
	@Override
	public String chatLink(Project project) {
		return (project.hasOwnBot() || this.telegram.isBotConfigured()) ? botLink(project) : null;
	}

	private String botLink(Project project) {
		String bot = project.hasOwnBot() ? project.getBotUsername() : this.telegram.botUsername();
		return "https://t.me/" + bot;
	}

}
