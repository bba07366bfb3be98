package dev.bondify.telegram;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updates.DeleteWebhook;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.bondify.project.OwnBot;
import dev.bondify.system.PublicUrl;
import dev.bondify.system.SecretSealer;
import dev.bondify.telegram.TelegramProperties.Mode;

/**
 * The webhooks of projects' own bots: each bot posts to
 * {@code <public-url>/api/v1/telegram/webhook/<bot id>} with a secret derived from the
 * server key and the bot id (never the token). Registered with {@code setWebhook} at
 * start-up for every bot (so a changed {@code BONDIFY_PUBLIC_URL} or key reaches
 * Telegram) and when a bot is saved; {@code deleteWebhook} when a bot no project uses any
 * more is removed. Telegram's answer sets the bot's status ({@code ok} /
 * {@code webhook_failing}).
 */
@Component
class OwnBotWebhooks {

	private static final Logger log = LoggerFactory.getLogger(OwnBotWebhooks.class);

	private final TelegramProperties telegram;

	private final BotApiSender sender;

	private final BotClients bots;

	private final SecretSealer sealer;

	private final PublicUrl publicUrl;

	OwnBotWebhooks(TelegramProperties telegram, BotApiSender sender, BotClients bots, SecretSealer sealer,
			PublicUrl publicUrl) {
		this.telegram = telegram;
		this.sender = sender;
		this.bots = bots;
		this.sealer = sealer;
		this.publicUrl = publicUrl;
	}

	/** The {@code X-Telegram-Bot-Api-Secret-Token} of one own bot. */
	String secret(long botId) {
		return this.sealer.derive("telegram-webhook:" + botId);
	}

	/** The bot id of a webhook path, or 0 for anything that is not a positive number. */
	static long parseBotId(String value) {
		if (value == null || value.isEmpty() || value.length() > 19 || !value.chars().allMatch(Character::isDigit)) {
			return 0;
		}
		return Long.parseLong(value);
	}

	@EventListener(ApplicationReadyEvent.class)
	void registerAll() {
		if (registers()) {
			this.bots.ownBotIds().forEach(this::register);
		}
	}

	/**
	 * After the commit: the new bot's webhook is set, a bot no longer used is deleted.
	 */
	@TransactionalEventListener
	void changed(OwnBot.Changed change) {
		if (change.previousBotId() != null) {
			this.bots.forget(change.previousBotId());
		}
		if (change.botId() != null) {
			this.bots.forget(change.botId());
			if (registers()) {
				register(change.botId());
			}
		}
		Long previous = change.previousBotId();
		if (previous != null && !previous.equals(change.botId()) && !this.bots.inUse(previous)
				&& this.telegram.effectiveMode() == Mode.WEBHOOK) {
			Optional<String> token = this.sealer.open(change.previousSealedToken());
			token.ifPresent(value -> this.sender.sendWithToken(value, "deleteWebhook",
					client -> client.execute(DeleteWebhook.builder().dropPendingUpdates(false).build())));
		}
	}

	private boolean registers() {
		return this.telegram.effectiveMode() == Mode.WEBHOOK && this.publicUrl.isSet();
	}

	private void register(long botId) {
		SetWebhook setWebhook = SetWebhook.builder()
			.url(this.publicUrl.value() + TelegramWebhookRegistrar.PATH + "/" + botId)
			.secretToken(secret(botId))
			.allowedUpdates(TelegramPoller.ALLOWED_UPDATES)
			.build();
		this.sender.send(botId, "setWebhook", client -> client.execute(setWebhook), accepted -> {
			this.bots.markWebhook(botId, accepted);
			if (!accepted) {
				log.warn("Telegram refused the webhook of the own bot {}; its projects show webhook_failing", botId);
			}
		});
	}

}
