package dev.bondify.telegram;

import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.bondify.system.PublicUrl;
import dev.bondify.telegram.TelegramProperties.Mode;

/**
 * Webhook mode: once the application is ready and a public URL is configured, registers
 * {@code <public-url>/api/v1/telegram/webhook} with Telegram, with the secret token and
 * only the update kinds the bot handles. Sent through {@link BotApiSender}, so an
 * unreachable Telegram is logged and does not stop start-up.
 */
@Component
class TelegramWebhookRegistrar {

	static final String PATH = "/api/v1/telegram/webhook";

	private final TelegramProperties telegram;

	private final BotApiSender sender;

	private final String publicUrl;

	TelegramWebhookRegistrar(TelegramProperties telegram, BotApiSender sender, PublicUrl publicUrl) {
		this.telegram = telegram;
		this.sender = sender;
		this.publicUrl = publicUrl.value();
	}

	@EventListener(ApplicationReadyEvent.class)
	void register() {
		if (this.telegram.effectiveMode() == Mode.WEBHOOK && !this.publicUrl.isEmpty()
				&& this.telegram.botToken() != null && !this.telegram.botToken().isBlank()) {
			SetWebhook setWebhook = SetWebhook.builder()
				.url(this.publicUrl + PATH)
				.secretToken(this.telegram.webhookSecret())
				.allowedUpdates(TelegramPoller.ALLOWED_UPDATES)
				.build();
			this.sender.send("setWebhook", client -> client.execute(setWebhook));
		}
	}

}
