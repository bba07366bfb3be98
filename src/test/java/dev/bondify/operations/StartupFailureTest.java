package dev.bondify.operations;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.bondify.session.SessionProperties;
import dev.bondify.support.QuietOutput;
import dev.bondify.system.InvalidConfigurationException;
import dev.bondify.telegram.TelegramProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bad setting stops start-up with one clear sentence naming the environment variable,
 * not a stack trace. Runs a small application with the real {@code application.yml} and
 * failure analyzers, without a web server or database.
 */
@ExtendWith(QuietOutput.class)
class StartupFailureTest {

	@Test
	void invalidConfigurationExceptionIsReportedAsItsSentenceAndAnAction(CapturedOutput output) {
		assertThatThrownBy(() -> run(RefusingConfiguration.class)).isInstanceOf(Exception.class);

		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("Description:" + System.lineSeparator() + System.lineSeparator()
					+ "BONDIFY_TELEGRAM_WEBHOOK_SECRET is required in webhook mode.")
			.contains(InvalidConfigurationFailureAnalyzer.ACTION)
			.doesNotContain("\tat dev.bondify");
	}

	@Test
	void aDurationThatIsNotOneNamesTheVariableAndTheExpectedFormat(CapturedOutput output) {
		assertThatThrownBy(() -> run(SessionSettings.class, "--BONDIFY_SESSION_TTL=abc")).isInstanceOf(Exception.class);

		assertThat(output.getAll()).contains(
				"BONDIFY_SESSION_TTL (bondify.session.ttl) is invalid: \"abc\" (expected an ISO-8601 duration such as PT10M")
			.contains("Correct BONDIFY_SESSION_TTL (bondify.session.ttl)")
			.doesNotContain("\tat org.springframework");
	}

	@Test
	void aNonPositiveDurationIsRefusedWithItsReason(CapturedOutput output) {
		assertThatThrownBy(() -> run(SessionSettings.class, "--BONDIFY_PROOF_TTL=PT0S")).isInstanceOf(Exception.class);

		assertThat(output.getAll()).contains("Description:" + System.lineSeparator() + System.lineSeparator()
				+ "BONDIFY_SESSION_TTL and BONDIFY_PROOF_TTL must be positive durations.");
	}

	@Test
	void anUnknownTelegramModeListsTheAllowedOnes(CapturedOutput output) {
		assertThatThrownBy(() -> run(TelegramSettings.class, "--BONDIFY_TELEGRAM_MODE=sometimes"))
			.isInstanceOf(Exception.class);

		assertThat(output.getAll()).contains(
				"BONDIFY_TELEGRAM_MODE (bondify.telegram.mode) is invalid: \"sometimes\" (expected one of: webhook, polling, off)");
	}

	@Test
	void aSecretThatCannotBeBoundIsNotEchoed(CapturedOutput output) {
		assertThatThrownBy(() -> run(SecretSettings.class, "--bondify.test-secret.api-key=not-a-number-s3cr3t"))
			.isInstanceOf(Exception.class);

		assertThat(output.getAll()).contains("bondify.test-secret.api-key is invalid: \"***\"")
			.doesNotContain("not-a-number-s3cr3t");
	}

	private static void run(Class<?> configuration, String... args) {
		SpringApplication application = new SpringApplication(configuration);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	static class RefusingConfiguration {

		@Bean
		Object telegramCheck() {
			throw new InvalidConfigurationException("BONDIFY_TELEGRAM_WEBHOOK_SECRET is required in webhook mode.");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SessionProperties.class)
	static class SessionSettings {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(TelegramProperties.class)
	static class TelegramSettings {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SecretSettings.Secret.class)
	static class SecretSettings {

		@org.springframework.boot.context.properties.ConfigurationProperties("bondify.test-secret")
		record Secret(Integer apiKey) {
		}

	}

}
