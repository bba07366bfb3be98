package dev.bondify.developer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.util.unit.DataSize;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.InvalidConfigurationException;
import dev.bondify.system.WebProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Settings that change start-up or registration, checked without starting the
 * application.
 */
class DeveloperSettingsTest {

	@Test
	void authSecretShorterThan32BytesStopsStartUp() {
		assertThatThrownBy(
				() -> new DeveloperTokenKey(new AuthProperties("x".repeat(31), Duration.ofDays(7), true), null, null))
			.isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("BONDIFY_AUTH_SECRET");
	}

	@Test
	void configuredAuthSecretIsUsedAsIs() {
		DeveloperTokenKey key = new DeveloperTokenKey(new AuthProperties("s".repeat(32), Duration.ofDays(7), true),
				null, null);
		assertThat(key.get().getEncoded()).isEqualTo("s".repeat(32).getBytes());
	}

	@Test
	void closedRegistrationAnswersNotFound() {
		AuthProperties closed = new AuthProperties("", Duration.ofDays(7), false);
		WebProperties web = new WebProperties(DataSize.ofKilobytes(16), DataSize.ofMegabytes(1), List.of(),
				new WebProperties.RateLimit(60, 600, 10));
		DeveloperService service = new DeveloperService(null, null, new BCryptPasswordEncoder(4), null,
				Clock.systemUTC(), closed, web, null, null, null);
		assertThatThrownBy(() -> service.register("new@example.com", "closed door seven kites", "203.0.113.1"))
			.isInstanceOfSatisfying(ApiException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.NOT_FOUND));
	}

	@Test
	void propertiesNeverPrintTheSecret() {
		assertThat(new AuthProperties("super-secret-value-of-32-bytes!!", Duration.ofDays(7), true).toString())
			.doesNotContain("super-secret");
	}

}
