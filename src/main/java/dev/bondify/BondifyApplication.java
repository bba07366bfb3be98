package dev.bondify;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Entry point of the Bondify "Sign in with Telegram" backend.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class BondifyApplication {

	public static void main(String[] args) {
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

}
