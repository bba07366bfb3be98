package dev.bondify.telegram;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Timeouts of the Bot API client.
 *
 * @param requestTimeout upper bound of one Bot API call (send, edit, answer, setWebhook)
 * @param pollTimeout how long one {@code getUpdates} long poll waits on Telegram's side
 * in polling mode
 */
@ConfigurationProperties("bondify.telegram.client")
record TelegramClientProperties(Duration requestTimeout, Duration pollTimeout) {
}
