package dev.bondify.exchange;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.bondify.project.OwnBot;
import dev.bondify.project.Project;
import dev.bondify.system.SecretSealer;
import dev.bondify.telegram.TelegramProperties;

/**
 * Finds the bot that serves a project: the project's own bot (its token decrypted from
 * the project row), else the deployment's bot from the configuration.
 */
@Component
class ServingBots {

	private final JdbcClient jdbc;

	private final SecretSealer sealer;

	private final TelegramProperties telegram;

	ServingBots(JdbcClient jdbc, SecretSealer sealer, TelegramProperties telegram) {
		this.jdbc = jdbc;
		this.sealer = sealer;
		this.telegram = telegram;
	}

	/**
	 * The bot serving {@code project}; empty when it has none and neither has the
	 * deployment.
	 */
	Optional<ServingBot> forProject(Project project) {
		if (project.hasOwnBot()) {
			String token = this.jdbc.sql("select bot_token_sealed from projects where id = ? and bot_status <> ?")
				.params(project.getId(), OwnBot.STATUS_REVOKED)
				.query(byte[].class)
				.optional()
				.flatMap(this.sealer::open)
				.orElse(null);
			return Optional.of(new ServingBot(project.getBotId(), token));
		}
		return deploymentBot();
	}

	private Optional<ServingBot> deploymentBot() {
		String token = this.telegram.botToken();
		if (token == null || token.isBlank()) {
			return Optional.empty();
		}
		int colon = token.indexOf(':');
		try {
			return Optional.of(new ServingBot(Long.parseLong(token.substring(0, Math.max(colon, 0))), token));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

}
