package dev.bondify.telegram;

import org.springframework.stereotype.Component;

import dev.bondify.project.Project;
import dev.bondify.session.LinkTarget;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * Deeplinks of live projects: {@code https://t.me/<bot>?start=<link code>}, available
 * when a bot is configured.
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

	@Override
	public String deeplink(Project project, String linkCode, String requestBaseUrl) {
		return "https://t.me/" + this.telegram.botUsername() + "?start=" + linkCode;
	}

}
