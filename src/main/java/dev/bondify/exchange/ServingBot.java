package dev.bondify.exchange;

/**
 * The Telegram bot that serves a project (its own bot, else the deployment's), as the
 * exchange checks data against it.
 *
 * @param id the bot's numeric id (the part of its token before the colon)
 * @param token the bot's token, or null when it is not usable (an own bot whose token
 * Telegram revoked): then only data Telegram signed with its Ed25519 key is accepted
 */
record ServingBot(long id, String token) {

	@Override
	public String toString() {
		return "ServingBot[id=" + this.id + ", token=" + ((this.token != null) ? "***" : "none") + "]";
	}

}
