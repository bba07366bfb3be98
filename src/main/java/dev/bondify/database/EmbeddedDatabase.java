package dev.bondify.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts a PostgreSQL server whose files live in a directory that is kept across
 * restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {

	private final EmbeddedPostgres postgres;

	private EmbeddedDatabase(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	/**
	 * Starts (initialising on first use) a server whose cluster lives in
	 * {@code directory}.
	 */
	public static EmbeddedDatabase start(Path directory) {
		return start(directory, 0);
	}

	/**
	 * Starts a server whose cluster lives in {@code directory}, listening on {@code port}
	 * (0 picks a free one).
	 */
	public static EmbeddedDatabase start(Path directory, int port) {
		try {
			PostgresPlatform.requireBundled(EmbeddedDatabase.class.getClassLoader());
			Files.createDirectories(directory);
			LeftoverServer.stopIfOrphaned(directory);
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
			if (port > 0) {
				builder.setPort(port);
			}
			EmbeddedPostgres postgres = builder.setDataDirectory(directory)
				.setCleanDataDirectory(false)
				// A sign-in service must not lose a committed confirmation when the
				// machine crashes.
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("fsync", "on")
				.setServerConfig("max_connections", "200")
				.start();
			return new EmbeddedDatabase(postgres);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory.toAbsolutePath()
					+ " (is another Bondify using this directory?)", ex);
		}
	}

	public String jdbcUrl() {
		return this.postgres.getJdbcUrl("postgres", "postgres");
	}

	public String username() {
		return "postgres";
	}

	@Override
	public void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
