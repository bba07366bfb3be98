package dev.bondify.session;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import dev.bondify.project.Project;
import dev.bondify.sandbox.SandboxProperties;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.telegram.TelegramProperties;

/**
 * Where a session's deeplink leads: the Telegram bot for live projects, the built-in
 * sandbox page for sandbox ones.
 */
@Component
class Deeplinks {

	private final TelegramProperties telegram;

	private final SandboxProperties sandbox;

	private final String publicUrl;

	Deeplinks(TelegramProperties telegram, SandboxProperties sandbox,
			@Value("${bondify.public-url:}") String publicUrl) {
		this.telegram = telegram;
		this.sandbox = sandbox;
		this.publicUrl = StringUtils.trimTrailingCharacter(publicUrl.trim(), '/');
	}

	/** Fails with 503 when the project's kind of deeplink cannot work on this server. */
	void checkAvailable(Project project) {
		if (project.isSandbox() && !this.sandbox.enabled()) {
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
					"Sandbox projects are disabled on this server (BONDIFY_SANDBOX_ENABLED=false).");
		}
		if (!project.isSandbox() && !this.telegram.isBotConfigured()) {
			throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
					"No Telegram bot is configured on this server: set BONDIFY_TELEGRAM_BOT_TOKEN and "
							+ "BONDIFY_TELEGRAM_BOT_USERNAME, or use a sandbox project.");
		}
	}

	/**
	 * The deeplink of a session: it carries the link code, never the session token (the
	 * poll secret).
	 */
	String forSession(Project project, String linkCode, String requestBaseUrl) {
		if (project.isSandbox()) {
			String base = this.publicUrl.isEmpty() ? requestBaseUrl : this.publicUrl;
			return base + "/sandbox/telegram?start=" + linkCode;
		}
		return "https://t.me/" + this.telegram.botUsername() + "?start=" + linkCode;
	}

}
