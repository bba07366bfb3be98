package dev.bondify.session;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TTL environment variables of the contract reach {@link SessionProperties} through
 * {@code application.yml}.
 */
class SessionPropertiesBindingTest {

	@Test
	void defaultsAreTenMinutesAndFiveMinutes() throws IOException {
		SessionProperties properties = bind(Map.of());
		assertThat(properties.ttl()).isEqualTo(Duration.ofMinutes(10));
		assertThat(properties.proofTtl()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void environmentVariablesOverrideTheDefaults() throws IOException {
		SessionProperties properties = bind(Map.of("BONDIFY_SESSION_TTL", "PT2M", "BONDIFY_PROOF_TTL", "PT90S"));
		assertThat(properties.ttl()).isEqualTo(Duration.ofMinutes(2));
		assertThat(properties.proofTtl()).isEqualTo(Duration.ofSeconds(90));
	}

	@Test
	void invalidOrNonPositiveDurationsAreRejected() {
		assertThatThrownBy(() -> bind(Map.of("BONDIFY_SESSION_TTL", "ten minutes"))).isInstanceOf(BindException.class);
		assertThatThrownBy(() -> bind(Map.of("BONDIFY_PROOF_TTL", "PT0S"))).isInstanceOf(BindException.class)
			.rootCause()
			.hasMessageContaining("must be positive");
	}

	private static SessionProperties bind(Map<String, Object> environment) throws IOException {
		StandardEnvironment env = new StandardEnvironment();
		env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		env.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					environment));
		new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"))
			.forEach(env.getPropertySources()::addLast);
		return Binder.get(env).bindOrCreate("bondify.session", SessionProperties.class);
	}

}
