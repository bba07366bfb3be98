package dev.bondify.telegram;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

import dev.bondify.access.Surface;
import dev.bondify.access.SurfaceCustomizer;
import dev.bondify.system.ErrorResponseWriter;

/**
 * Adds {@link TelegramWebhookSecretFilter} to the webhooks surface's chain (it is no
 * servlet filter of its own).
 */
@Configuration(proxyBeanMethods = false)
class TelegramWebhookSecurity {

	@Bean
	SurfaceCustomizer telegramWebhookSecretSurface(TelegramProperties telegram, OwnBotWebhooks webhooks,
			BotClients bots, ErrorResponseWriter writer) {
		TelegramWebhookSecretFilter filter = new TelegramWebhookSecretFilter(telegram, webhooks, bots, writer);
		return new SurfaceCustomizer() {

			@Override
			public Surface surface() {
				return Surface.WEBHOOKS;
			}

			@Override
			public void customize(HttpSecurity http) {
				http.addFilterBefore(filter, AuthorizationFilter.class);
			}

		};
	}

}
