package dev.bondify.database;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bondify.system.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL keeps committed data in its directory across a stop and a
 * start, also after the JVM that ran it was killed.
 */
class EmbeddedDatabaseRestartTest {

	@TempDir
	Path dataDir;

	@Test
	void dataWrittenBeforeARestartIsThereAfterIt() throws Exception {
		try (EmbeddedDatabase database = EmbeddedDatabase.start(this.dataDir.resolve("postgres"));
				Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
						database.password());
				Statement statement = connection.createStatement()) {
			statement.execute("create table survivors (name text primary key)");
			statement.execute("insert into survivors values ('confirmed-session')");
		}

		try (EmbeddedDatabase database = EmbeddedDatabase.start(this.dataDir.resolve("postgres"));
				Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
						database.password());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select name from survivors")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getString(1)).isEqualTo("confirmed-session");
			assertThat(rows.next()).isFalse();
		}
	}

	@Test
	void serverLeftRunningByAKilledJvmIsStoppedAtTheNextStartAndItsDataKept() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				EmbeddedDatabaseHolder.class.getName(), this.dataDir.resolve("postgres").toString())
			.redirectErrorStream(true)
			.start();
		try (BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream()))) {
			Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
			String line;
			while ((line = output.readLine()) != null && !line.equals("READY")) {
				assertThat(Instant.now()).as("holder JVM ready in time").isBefore(deadline);
			}
			assertThat(line).as("holder JVM output ended before READY").isEqualTo("READY");
		}
		holder.destroyForcibly().waitFor();
		long leftover = Long
			.parseLong(Files.readAllLines(this.dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
		assertThat(ProcessHandle.of(leftover).map(ProcessHandle::isAlive)).as("postgres outlives SIGKILL")
			.contains(true);

		try (EmbeddedDatabase database = EmbeddedDatabase.start(this.dataDir.resolve("postgres"));
				Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
						database.password());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select name from survivors")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getString(1)).isEqualTo("written-before-sigkill");
		}
		assertThat(ProcessHandle.of(leftover).map(ProcessHandle::isAlive).orElse(false)).isFalse();
	}

	@Test
	void directoryInUseByARunningInstanceIsRefusedWithOneSentence() {
		try (EmbeddedDatabase running = EmbeddedDatabase.start(this.dataDir.resolve("postgres"))) {
			assertThatThrownBy(() -> EmbeddedDatabase.start(this.dataDir.resolve("postgres")))
				.isInstanceOf(InvalidConfigurationException.class)
				.hasMessageContaining("in use by another running process")
				.hasMessageContaining("BONDIFY_DATA_DIR");
		}
	}

}
