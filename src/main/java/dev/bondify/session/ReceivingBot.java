package dev.bondify.session;

/**
 * The Telegram bot an update came through, with the deployment's bot: a session's project
 * is served by that bot when it is the project's own bot, or when the project has none
 * and it is the deployment's. An update acts only on sessions its bot serves.
 *
 * @param botId the numeric id of the bot that received the update
 * @param deploymentBotId the numeric id of the deployment's bot (0 when there is none)
 */
public record ReceivingBot(long botId, long deploymentBotId) {

	/** Whether this bot serves a project whose own bot is {@code projectBotId}. */
	public boolean serves(Long projectBotId) {
		return ((projectBotId != null) ? projectBotId : this.deploymentBotId) == this.botId;
	}

}
