package dev.bondify.encryption;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code encryption rotate} seals what an earlier release stored in clear and leaves
 * nothing behind under another key; wrong usage is exit code 2.
 */
class EncryptionRotateCommandIntegrationTest extends IntegrationTest {

	@Autowired
	EncryptionRotateCommand command;

	@Test
	void valuesStoredInClearAreSealedAndStillReadTheSame() throws Exception {
		Project project = this.projects.live();
		String secretKey = project.getSecretKey();
		// As an earlier release stored it: in clear.
		this.jdbc.update("update projects set secret_key = ? where id = ?", secretKey, project.getId());

		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = this.command.run(List.of(), new BufferedReader(new StringReader("")),
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

		assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("Re-encrypted")
			.contains("sealed under the current key");
		String stored = this.jdbc.queryForObject("select secret_key from projects where id = ?", String.class,
				project.getId());
		assertThat(stored).startsWith("sx1:").doesNotContain(secretKey);
		assertThat(this.sealer.isCurrentText(stored)).isTrue();
		assertThat(this.sealer.openText(stored)).isEqualTo(secretKey);
		assertThat(
				this.jdbc.queryForObject("select count(*) from projects where secret_key not like 'sx1:%'", Long.class))
			.isZero();
	}

	@Test
	void argumentsAreWrongUsage() throws Exception {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = this.command.run(List.of("--now"), new BufferedReader(new StringReader("")),
				new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

		assertThat(exit).isEqualTo(2);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: encryption rotate");
	}

}
