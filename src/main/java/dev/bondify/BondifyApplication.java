package dev.bondify;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import dev.bondify.command.OperatorCommandRunner;

/**
 * Entry point of the Bondify "Sign in with Telegram" backend; with a command word as
 * first argument ({@code developer create --email E}) it runs that operator command
 * against the configured database and exits instead.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class BondifyApplication {

	public static void main(String[] args) {
		if (OperatorCommandRunner.isCommand(args)) {
			OperatorCommandRunner.main(BondifyApplication.class, args);
			return;
		}
		SpringApplication.run(BondifyApplication.class, args);
	}

	/**
	 * The one source of "now", so expiry can be tested by moving a clock instead of
	 * sleeping.
	 */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * The periodic jobs (webhook outbox, retention, metrics); operator commands switch
	 * them off with {@code bondify.scheduling.enabled=false}.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	@ConditionalOnBooleanProperty(name = "bondify.scheduling.enabled", matchIfMissing = true)
	static class Scheduling {

	}

}
