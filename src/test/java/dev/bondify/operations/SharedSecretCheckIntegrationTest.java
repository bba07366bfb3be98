package dev.bondify.operations;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;

import org.springframework.mock.env.MockEnvironment;

import dev.bondify.BondifyApplication;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.QuietOutput;
import dev.bondify.support.TestDatabase;
import dev.bondify.system.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An instance whose {@code BONDIFY_AUTH_SECRET} does not match the one of the instances
 * already on its database refuses to start, with one sentence; the test context itself
 * runs without a secret, so the stored fingerprint starts as "unset".
 */
@ExtendWith(QuietOutput.class)
class SharedSecretCheckIntegrationTest extends IntegrationTest {

	private static final String SECRET_A = "a".repeat(40);

	private static final String SECRET_B = "b".repeat(40);

	@AfterEach
	void backToUnset() {
		// Every later context of this test JVM starts without a secret.
		this.jdbc.update("update app_secrets set value = ? where name = ?", SharedSecretCheck.fingerprint(""),
				SharedSecretCheck.NAME);
	}

	@Test
	void aSecondInstanceWithAnotherSecretStopsAtStartUpWithOneSentence(CapturedOutput output) {
		TestDatabase.Connection db = TestDatabase.get();
		SpringApplicationBuilder other = new SpringApplicationBuilder(BondifyApplication.class);

		assertThatThrownBy(() -> other.run("--server.port=0", "--spring.datasource.url=" + db.url(),
				"--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
				"--bondify.data-dir=target/test-data", "--bondify.telegram.mode=off", "--spring.jmx.enabled=false",
				"--bondify.auth.secret=" + SECRET_A))
			.hasRootCauseInstanceOf(InvalidConfigurationException.class);
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("BONDIFY_AUTH_SECRET is set on this instance, but the instances that share its database run "
					+ "without one")
			.doesNotContain(SECRET_A)
			.doesNotContain("\tat dev.bondify");
		assertThat(stored()).isEqualTo(SharedSecretCheck.fingerprint(""));
	}

	@Test
	void anInstanceWithoutASecretJoinsOthersWithoutOne() {
		assertThatCode(() -> check("", false)).doesNotThrowAnyException();
	}

	@Test
	void anInstanceWithASecretIsRefusedWhereTheOthersRunWithoutOne() {
		byte[] before = stored();

		assertThatThrownBy(() -> check(SECRET_A, false)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessage("BONDIFY_AUTH_SECRET is set on this instance, but the instances that share its database run "
					+ "without one; set the same value on all of them, or, to start using it, stop them all and start "
					+ "one once with BONDIFY_ACCEPT_NEW_AUTH_SECRET=true.");
		assertThat(stored()).isEqualTo(before);
	}

	@Test
	void aDifferentOrMissingSecretIsRefusedAndTheSameOneJoins() {
		check(SECRET_A, true);

		assertThatThrownBy(() -> check(SECRET_B, false))
			.hasMessageStartingWith(
					"BONDIFY_AUTH_SECRET differs from the one the instances that share this database use")
			.hasMessageNotContaining(SECRET_B);
		assertThatThrownBy(() -> check("", false))
			.hasMessage("BONDIFY_AUTH_SECRET is not set on this instance, but the instances that share its database "
					+ "use one; set the same value here.");
		assertThatCode(() -> check(SECRET_A, false)).doesNotThrowAnyException();
		assertThat(stored()).isEqualTo(SharedSecretCheck.fingerprint(SECRET_A)).hasSize(32);
	}

	@Test
	void acceptingANewSecretReplacesTheFingerprintForEveryLaterInstance() {
		check(SECRET_A, true);
		check(SECRET_B, true);

		assertThatCode(() -> check(SECRET_B, false)).doesNotThrowAnyException();
		assertThatThrownBy(() -> check(SECRET_A, false)).isInstanceOf(InvalidConfigurationException.class);
	}

	private void check(String secret, boolean acceptNew) {
		MockEnvironment environment = new MockEnvironment().withProperty("bondify.auth.secret", secret)
			.withProperty("bondify.auth.accept-new-secret", Boolean.toString(acceptNew));
		new SharedSecretCheck(environment, this.jdbc).afterPropertiesSet();
	}

	private byte[] stored() {
		return this.jdbc.queryForObject("select value from app_secrets where name = ?", byte[].class,
				SharedSecretCheck.NAME);
	}

}
