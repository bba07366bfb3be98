package dev.bondify.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import dev.bondify.system.SecureFiles;

/**
 * Starts a PostgreSQL server whose files live in a directory that is kept across
 * restarts: password (SCRAM) logins on loopback only, and a service role that owns the
 * schema but is not a superuser.
 */
public final class EmbeddedDatabase implements AutoCloseable {

	/** The role the service connects as. */
	public static final String SERVICE_ROLE = "bondify";

	static final String DATABASE = "postgres";

	private final EmbeddedPostgres postgres;

	private final DatabasePasswords passwords;

	private EmbeddedDatabase(EmbeddedPostgres postgres, DatabasePasswords passwords) {
		this.postgres = postgres;
		this.passwords = passwords;
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
	 * (0 picks a free one). Its passwords are in {@link #passwordFile(Path)}.
	 */
	public static EmbeddedDatabase start(Path directory, int port) {
		Path initdbPasswordFile = null;
		try {
			PostgresPlatform.requireBundled(EmbeddedDatabase.class.getClassLoader());
			Files.createDirectories(directory);
			SecureFiles.restrictToOwner(directory);
			LeftoverServer.stopIfOrphaned(directory);
			DatabasePasswords passwords = DatabasePasswords.loadOrCreate(passwordFile(directory));
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
			if (port > 0) {
				builder.setPort(port);
			}
			if (!Files.exists(directory.resolve("postgresql.conf"))) {
				// zonky runs initdb with "-A trust" and passes its "locale" settings as
				// --key=value options after it: the later --auth-* options win, and
				// --pwfile sets the superuser's password, so the cluster never trusts
				// anyone, not even for a moment.
				initdbPasswordFile = DatabasePasswords.writeInitdbPasswordFile(directory.getParent(),
						passwords.superuser());
				builder.setLocaleConfig("auth-host", "scram-sha-256")
					.setLocaleConfig("auth-local", "scram-sha-256")
					.setLocaleConfig("pwfile", initdbPasswordFile.toString());
			}
			EmbeddedPostgres postgres = builder.setDataDirectory(directory)
				.setCleanDataDirectory(false)
				// A sign-in service must not lose a committed confirmation when the
				// machine crashes.
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("fsync", "on")
				.setServerConfig("max_connections", "200")
				// Loopback TCP only, and no Unix socket in a shared /tmp.
				.setServerConfig("listen_addresses", "127.0.0.1")
				.setServerConfig("unix_socket_directories", "''")
				.setServerConfig("password_encryption", "scram-sha-256")
				// zonky checks readiness as the superuser; a trusting cluster from a
				// previous release ignores the password.
				.setConnectConfig("password", passwords.superuser())
				.start();
			EmbeddedDatabase database = new EmbeddedDatabase(postgres, passwords);
			try {
				ServiceRole.secure(database, directory);
			}
			catch (RuntimeException ex) {
				database.close();
				throw ex;
			}
			return database;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory.toAbsolutePath()
					+ " (is another Bondify using this directory?)", ex);
		}
		finally {
			if (initdbPasswordFile != null) {
				DatabasePasswords.delete(initdbPasswordFile);
			}
		}
	}

	/** The 0600 file beside the cluster directory that holds its generated passwords. */
	public static Path passwordFile(Path directory) {
		Path absolute = directory.toAbsolutePath().normalize();
		return absolute.resolveSibling(absolute.getFileName() + ".password");
	}

	/** The service's JDBC URL (no credentials in it). */
	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.postgres.getPort() + "/" + DATABASE;
	}

	public String username() {
		return SERVICE_ROLE;
	}

	/** The service role's password; never log it. */
	public String password() {
		return this.passwords.service();
	}

	public int port() {
		return this.postgres.getPort();
	}

	DatabasePasswords passwords() {
		return this.passwords;
	}

	/**
	 * A connection as the superuser {@code postgres}, for setting the server up (the
	 * service never runs on it).
	 */
	public Connection superuserConnection() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), "postgres", this.passwords.superuser());
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
