package dev.bondify.support;

import java.nio.file.Files;
import java.nio.file.Path;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import dev.bondify.database.EmbeddedDatabase;

/**
 * One real PostgreSQL for the whole test JVM: Testcontainers where a Docker engine
 * answers, otherwise the same embedded PostgreSQL the service runs by default.
 */
public final class TestDatabase {

	private static volatile Connection connection;

	private static volatile Path embeddedDirectory;

	private TestDatabase() {
	}

	/** JDBC URL, user and password of the shared test database, started on first use. */
	public record Connection(String url, String username, String password, String kind) {
	}

	public static Connection get() {
		if (connection == null) {
			synchronized (TestDatabase.class) {
				if (connection == null) {
					connection = start();
				}
			}
		}
		return connection;
	}

	/**
	 * The embedded cluster's directory, when the tests run on the embedded PostgreSQL.
	 */
	public static java.util.Optional<Path> embeddedDirectory() {
		get();
		return java.util.Optional.ofNullable(embeddedDirectory);
	}

	private static Connection start() {
		if (dockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
			container.start();
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
			return new Connection(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
					"testcontainers");
		}
		try {
			Path directory = Files.createTempDirectory("bondify-test-pg").resolve("postgres");
			EmbeddedDatabase database = EmbeddedDatabase.start(directory);
			Runtime.getRuntime().addShutdownHook(new Thread(database::close));
			embeddedDirectory = directory;
			// Some tests migrate scratch databases of their own (CREATE DATABASE).
			try (java.sql.Connection superuser = database.superuserConnection();
					java.sql.Statement statement = superuser.createStatement()) {
				statement.execute("alter role " + database.username() + " createdb");
			}
			// The service role, as in production: owns the schema, is no superuser.
			return new Connection(database.jdbcUrl(), database.username(), database.password(), "embedded");
		}
		catch (java.io.IOException | java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static boolean dockerAvailable() {
		if ("false".equalsIgnoreCase(System.getenv("BONDIFY_TEST_DOCKER"))) {
			return false;
		}
		// Asking Testcontainers on a machine without Docker logs an ERROR with a trace;
		// look
		// for an engine first and say plainly which database the tests use.
		boolean windows = System.getProperty("os.name", "").startsWith("Windows");
		if (!windows && System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))
				&& !Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"))) {
			System.out.println("No Docker engine here: the tests use the embedded PostgreSQL.");
			return false;
		}
		boolean available;
		try {
			available = DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable ex) {
			available = false;
		}
		if (!available) {
			System.out.println("Docker did not answer: the tests use the embedded PostgreSQL.");
		}
		return available;
	}

}
