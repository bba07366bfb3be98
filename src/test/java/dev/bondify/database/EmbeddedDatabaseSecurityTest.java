package dev.bondify.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL asks every login for its generated password, serves the service
 * as a role that is no superuser, and upgrades a previous release's trusting cluster in
 * place without losing its data.
 */
class EmbeddedDatabaseSecurityTest {

	@TempDir
	Path dataDir;

	@Test
	void freshClusterTrustsNobodyAndTheServiceRoleIsNoSuperuser() throws Exception {
		Path directory = this.dataDir.resolve("postgres");
		try (EmbeddedDatabase database = EmbeddedDatabase.start(directory)) {
			assertThat(Files.readString(directory.resolve("pg_hba.conf"))).doesNotContain("trust")
				.contains("scram-sha-256");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
			Path passwords = EmbeddedDatabase.passwordFile(directory);
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwords))).isEqualTo("rw-------");
			assertThat(Files.readString(passwords)).contains(database.password());
			assertThat(Files.list(directory.getParent()).map(Path::getFileName).map(Path::toString))
				.as("no initdb password file left behind")
				.noneMatch(name -> name.startsWith(".initdb-password"));

			assertRefusedWithoutPassword(database);
			assertServiceRoleIsConfined(database);
		}
	}

	@Test
	void previousReleasesTrustingClusterIsUpgradedInPlaceAndKeepsItsData() throws Exception {
		Path directory = this.dataDir.resolve("postgres");
		// Made the way the previous release did: zonky's defaults (initdb -A trust -U
		// postgres), everything owned by postgres, Flyway's history table included.
		try (EmbeddedPostgres old = EmbeddedPostgres.builder()
			.setDataDirectory(directory)
			.setCleanDataDirectory(false)
			.start();
				Connection connection = old.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create table flyway_schema_history (installed_rank int primary key, version text)");
			statement.execute("insert into flyway_schema_history values (1, '1')");
			statement.execute("create table projects (id bigint generated always as identity primary key, name text)");
			statement.execute("insert into projects (name) values ('kept across the upgrade')");
			statement.execute("create sequence link_numbers");
			statement.execute("create view project_names as select name from projects");
			statement.execute("create type session_status as enum ('pending', 'confirmed')");
			statement.execute("create function project_count() returns bigint language sql as "
					+ "'select count(*) from projects'");
		}
		assertThat(Files.readString(directory.resolve("pg_hba.conf"))).contains("trust");

		try (EmbeddedDatabase database = EmbeddedDatabase.start(directory)) {
			assertThat(Files.readString(directory.resolve("pg_hba.conf"))).doesNotContain("trust");
			assertRefusedWithoutPassword(database);
			try (Connection connection = serviceConnection(database);
					Statement statement = connection.createStatement()) {
				assertThat(strings(statement, "select name from projects")).containsExactly("kept across the upgrade");
				assertThat(strings(statement, "select name from project_names")).hasSize(1);
				assertThat(strings(statement, "select project_count()::text")).containsExactly("1");
				statement.execute("insert into projects (name) values ('written by the service role')");
				statement.execute("select nextval('link_numbers')");
				statement.execute("alter table flyway_schema_history add column checked boolean");
				statement.execute("alter type session_status add value 'used'");
				assertThat(strings(statement, """
						select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
						where n.nspname = 'public' and c.relowner <> 'bondify'::regrole""")).isEmpty();
			}
			assertServiceRoleIsConfined(database);
		}
	}

	private static void assertRefusedWithoutPassword(EmbeddedDatabase database) {
		for (String role : List.of("postgres", EmbeddedDatabase.SERVICE_ROLE)) {
			assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), role, "").close())
				.isInstanceOf(SQLException.class);
			assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), role, "wrong-password").close())
				.isInstanceOf(SQLException.class)
				.hasMessageContaining("password authentication failed");
		}
	}

	private void assertServiceRoleIsConfined(EmbeddedDatabase database) throws SQLException {
		Path written = this.dataDir.resolve("written-by-postgres");
		try (Connection connection = serviceConnection(database); Statement statement = connection.createStatement()) {
			assertThat(strings(statement, "select rolsuper::text from pg_roles where rolname = current_user"))
				.containsExactly("false");
			assertThatThrownBy(() -> statement.execute("copy (select 'x') to program 'cat > " + written + "'"))
				.isInstanceOf(SQLException.class)
				.hasMessageContaining("permission denied");
			assertThatThrownBy(() -> statement.execute("alter system set fsync = off")).isInstanceOf(SQLException.class)
				.hasMessageContaining("permission denied");
			assertThatThrownBy(() -> statement.execute("create role intruder superuser"))
				.isInstanceOf(SQLException.class);
		}
		assertThat(written).doesNotExist();
	}

	private static Connection serviceConnection(EmbeddedDatabase database) throws SQLException {
		return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
	}

	private static List<String> strings(Statement statement, String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				values.add(rows.getString(1));
			}
		}
		return values;
	}

}
