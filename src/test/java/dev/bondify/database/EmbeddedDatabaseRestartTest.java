package dev.bondify.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded PostgreSQL keeps committed data in its directory across a stop and a
 * start.
 */
class EmbeddedDatabaseRestartTest {

	@TempDir
	Path dataDir;

	@Test
	void dataWrittenBeforeARestartIsThereAfterIt() throws Exception {
		try (EmbeddedDatabase database = EmbeddedDatabase.start(this.dataDir);
				Connection connection = DriverManager.getConnection(database.jdbcUrl());
				Statement statement = connection.createStatement()) {
			statement.execute("create table survivors (name text primary key)");
			statement.execute("insert into survivors values ('confirmed-session')");
		}

		try (EmbeddedDatabase database = EmbeddedDatabase.start(this.dataDir);
				Connection connection = DriverManager.getConnection(database.jdbcUrl());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select name from survivors")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getString(1)).isEqualTo("confirmed-session");
			assertThat(rows.next()).isFalse();
		}
	}

}
