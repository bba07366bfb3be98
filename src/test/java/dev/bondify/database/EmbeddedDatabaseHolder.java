package dev.bondify.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A separate JVM for {@link EmbeddedDatabaseRestartTest}: starts the embedded database in
 * the given directory, writes a row, says READY and waits to be killed.
 */
public final class EmbeddedDatabaseHolder {

	private EmbeddedDatabaseHolder() {
	}

	public static void main(String[] args) throws Exception {
		EmbeddedDatabase database = EmbeddedDatabase.start(Path.of(args[0]));
		try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
				database.password()); Statement statement = connection.createStatement()) {
			statement.execute("create table survivors (name text primary key)");
			statement.execute("insert into survivors values ('written-before-sigkill')");
		}
		System.out.println("READY");
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

}
