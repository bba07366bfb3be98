package dev.bondify.exchange;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.bondify.support.ApplicationYml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The environment variables the reference names bind to the exchange's settings, and the
 * defaults are Telegram's.
 */
class ExchangeSettingsTest {

	@Test
	void theDocumentedEnvironmentVariablesBind() {
		Binder binder = binder(Map.of("BONDIFY_EXCHANGE_MAX_AGE", "PT2M", "BONDIFY_EXCHANGE_WEBAPP_PUBLIC_KEYS",
				"40055058a4ee38156a06562e52eece92a771bcd8346a8c4615cb7376eddf72ec,"
						+ "e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d",
				"BONDIFY_TELEGRAM_OIDC_ISSUER", "https://issuer.example", "BONDIFY_TELEGRAM_OIDC_JWKS_URL",
				"https://issuer.example/jwks"));

		ExchangeProperties exchange = binder.bindOrCreate("bondify.exchange", ExchangeProperties.class);
		TelegramOidcProperties oidc = binder.bindOrCreate("bondify.telegram.oidc", TelegramOidcProperties.class);

		assertThat(exchange.maxAge()).isEqualTo(Duration.ofMinutes(2));
		assertThat(exchange.webappPublicKeys()).hasSize(2);
		assertThat(oidc.issuer()).isEqualTo("https://issuer.example");
		assertThat(oidc.jwksUrl()).isEqualTo(URI.create("https://issuer.example/jwks"));
	}

	@Test
	void theDefaultsAreTelegramsProductionKeysAndEndpoints() {
		Binder binder = binder(Map.of());

		ExchangeProperties exchange = binder.bindOrCreate("bondify.exchange", ExchangeProperties.class);
		TelegramOidcProperties oidc = binder.bindOrCreate("bondify.telegram.oidc", TelegramOidcProperties.class);

		assertThat(exchange.maxAge()).isEqualTo(Duration.ofMinutes(5));
		assertThat(exchange.webappPublicKeys())
			.containsExactly("e7bf03a2fa4602af4580703d88dda5bb59f32ed8b02a56c187fe7d34caed242d");
		assertThat(oidc.issuer()).isEqualTo("https://oauth.telegram.org");
		assertThat(oidc.jwksUrl()).isEqualTo(URI.create("https://oauth.telegram.org/.well-known/jwks.json"));
	}

	@Test
	void aKeyThatIsNotAnEd25519KeyStopsStartUp() {
		assertThatThrownBy(() -> new ExchangeProperties(Duration.ofMinutes(5), List.of("not-a-key")))
			.hasMessageContaining("BONDIFY_EXCHANGE_WEBAPP_PUBLIC_KEYS");
		assertThatThrownBy(() -> new ExchangeProperties(Duration.ZERO, List.of()))
			.hasMessageContaining("BONDIFY_EXCHANGE_MAX_AGE");
	}

	private static Binder binder(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					variables));
		return ApplicationYml.binder(environment);
	}

}
