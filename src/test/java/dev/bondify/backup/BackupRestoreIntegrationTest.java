package dev.bondify.backup;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.bondify.command.OperatorCommand;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDatabase;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The backup and restore commands against real PostgreSQL: a round trip into a fresh,
 * migrated database restores every row, and every refusal changes nothing.
 */
class BackupRestoreIntegrationTest extends IntegrationTest {

	@Autowired
	private List<OperatorCommand> commands;

	@TempDir
	private Path dir;

	private String freshName;

	private DriverManagerDataSource fresh;

	private JdbcTemplate freshJdbc;

	@BeforeEach
	void createFreshDatabase() {
		this.freshName = "restore_" + UUID.randomUUID().toString().replace("-", "");
		this.jdbc.execute("create database " + this.freshName);
		TestDatabase.Connection db = TestDatabase.get();
		String url = db.url().replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + this.freshName);
		this.fresh = new DriverManagerDataSource(url, db.username(), db.password());
		Flyway.configure().dataSource(this.fresh).locations("classpath:db/migration").load().migrate();
		this.freshJdbc = new JdbcTemplate(this.fresh);
	}

	@AfterEach
	void dropFreshDatabase() {
		// An autovacuum worker analysing the freshly migrated tables runs as the
		// bootstrap
		// superuser, and WITH (FORCE) may not terminate it for our non-superuser role
		// ("permission denied to terminate process"): try again until it is done.
		await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(DataAccessException.class).until(() -> {
			this.jdbc.execute("drop database if exists " + this.freshName + " with (force)");
			return true;
		});
	}

	@Test
	void roundTripIntoAFreshlyStartedDatabaseRestoresTheRowsKeysAndSequences() throws Exception {
		Developer developer = this.developers.register();
		String projectId = this.developers.createProject(developer, "{\"name\":\"Backed up\",\"sandbox\":true}")
			.json()
			.get("id")
			.asString();
		assertThat(this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + projectId + "\"}").status())
			.isEqualTo(200);
		// What an instance creates by itself at its first start, before anyone restores.
		this.freshJdbc.update(
				"insert into app_secrets (name, value, created_at) values ('developer-token-key', ?, now())",
				(Object) new byte[] { 1, 2, 3 });
		Path file = this.dir.resolve("bondify.backup");

		Result backup = run("backup", file.toString());
		Result restore = runWith(new RestoreCommand(this.fresh), file.toString());

		assertThat(backup.code()).as(backup.err()).isZero();
		assertThat(backup.out()).startsWith("Backed up ").contains("schema version " + schemaVersion(this.jdbc));
		assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE);
		assertThat(restore.code()).as(restore.err()).isZero();
		assertThat(restore.out()).startsWith("Restored ");
		for (String table : List.of("developers", "projects", "app_secrets")) {
			assertThat(digest(this.freshJdbc, table)).as(table).isEqualTo(digest(this.jdbc, table));
		}
		String row = "select s::text from auth_sessions s where project_id = ?";
		assertThat(this.freshJdbc.queryForObject(row, String.class, projectId))
			.isEqualTo(this.jdbc.queryForObject(row, String.class, projectId));
		// Sums: the running instance may fold its counter deltas meanwhile (V175).
		String sessions = "select coalesce(sum(sessions), 0)::bigint from analytics_daily";
		assertThat(this.freshJdbc.queryForObject(sessions, Long.class))
			.isEqualTo(this.jdbc.queryForObject(sessions, Long.class));
		assertThat(sequences(this.freshJdbc)).isEqualTo(sequences(this.jdbc));
		assertThat(this.dir).isDirectoryNotContaining("glob:**.partial");
	}

	@Test
	void restoreRefusesADatabaseThatHoldsDataAndChangesNothing() throws Exception {
		this.developers.register();
		Path file = this.dir.resolve("b.zip");
		assertThat(run("backup", file.toString()).code()).isZero();
		long developersBefore = count("developers");
		String secretsBefore = digest(this.jdbc, "app_secrets");

		Result restore = run("restore", file.toString());

		assertThat(restore.code()).isEqualTo(1);
		assertThat(restore.err()).startsWith("Restore failed, nothing was changed: ")
			.contains("already holds developers")
			.doesNotContain("Exception");
		assertThat(count("developers")).isEqualTo(developersBefore);
		assertThat(digest(this.jdbc, "app_secrets")).isEqualTo(secretsBefore);
	}

	@Test
	void restoreRefusesABackupOfAnotherSchemaVersion() throws Exception {
		Path file = this.dir.resolve("b.zip");
		assertThat(run("backup", file.toString()).code()).isZero();
		Path older = rewriteManifest(file, (text) -> text.replaceFirst("schema_version=\\S+", "schema_version=42"));

		Result restore = runWith(new RestoreCommand(this.fresh), older.toString());

		assertThat(restore.code()).isEqualTo(1);
		assertThat(restore.err()).contains("schema version 42 but this database is at " + schemaVersion(this.jdbc));
		assertThat(this.freshJdbc.queryForObject("select count(*) from projects", Long.class)).isZero();
	}

	@Test
	void restoreOfADamagedBackupRollsBackEveryTable() throws Exception {
		this.developers.register();
		Path file = this.dir.resolve("b.zip");
		assertThat(run("backup", file.toString()).code()).isZero();
		Path damaged = rewriteManifest(file,
				(text) -> text.replaceFirst("table\\.projects\\.rows=(\\d+)", "table.projects.rows=999999"));

		Result restore = runWith(new RestoreCommand(this.fresh), damaged.toString());

		assertThat(restore.code()).isEqualTo(1);
		assertThat(restore.err()).contains("damaged").contains("projects");
		assertThat(this.freshJdbc.queryForObject("select count(*) from developers", Long.class)).isZero();
		assertThat(this.freshJdbc.queryForObject("select count(*) from projects", Long.class)).isZero();
	}

	@Test
	void restoreRefusesFilesThatAreNoBackup() throws Exception {
		Path text = Files.writeString(this.dir.resolve("notes.txt"), "not a backup");
		Path zipWithoutManifest = this.dir.resolve("partial.zip");
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(zipWithoutManifest))) {
			zip.putNextEntry(new ZipEntry(BackupManifest.dataEntry(0, "developers")));
			zip.closeEntry();
		}

		Result notZip = runWith(new RestoreCommand(this.fresh), text.toString());
		Result noManifest = runWith(new RestoreCommand(this.fresh), zipWithoutManifest.toString());
		Result missing = runWith(new RestoreCommand(this.fresh), this.dir.resolve("nowhere").toString());

		assertThat(notZip.err()).contains("is not a Bondify backup (not a ZIP file)");
		assertThat(noManifest.err()).contains("is not a Bondify backup (it has no manifest.properties");
		assertThat(missing.err()).contains("is not a file");
		assertThat(List.of(notZip.code(), noManifest.code(), missing.code())).containsOnly(1);
	}

	@Test
	void backupNeverOverwritesAFileAndWrongUsageExitsWithTwo() throws Exception {
		Path existing = Files.writeString(this.dir.resolve("keep.txt"), "precious");

		Result backup = run("backup", existing.toString());
		Result noArgument = run("backup");
		Result twoArguments = run("restore", "a", "b");

		assertThat(backup.code()).isEqualTo(1);
		assertThat(backup.err()).contains("exists already");
		assertThat(Files.readString(existing)).isEqualTo("precious");
		assertThat(noArgument.code()).isEqualTo(2);
		assertThat(noArgument.err()).startsWith("Usage: java -jar bondify.jar backup <file>");
		assertThat(twoArguments.code()).isEqualTo(2);
	}

	private record Result(int code, String out, String err) {
	}

	private Result run(String name, String... args) throws Exception {
		OperatorCommand command = this.commands.stream()
			.filter((candidate) -> candidate.name().equals(name))
			.findFirst()
			.orElseThrow();
		return runWith(command, args);
	}

	private static Result runWith(OperatorCommand command, String... args) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = command.run(List.of(args), new BufferedReader(new StringReader("")),
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private Path rewriteManifest(Path file, UnaryOperator<String> change) throws IOException {
		Path copy = this.dir.resolve("changed-" + file.getFileName());
		try (ZipFile source = new ZipFile(file.toFile());
				ZipOutputStream target = new ZipOutputStream(Files.newOutputStream(copy))) {
			for (ZipEntry entry : source.stream().toList()) {
				target.putNextEntry(new ZipEntry(entry.getName()));
				try (InputStream in = source.getInputStream(entry)) {
					byte[] bytes = in.readAllBytes();
					if (entry.getName().equals(BackupManifest.ENTRY)) {
						bytes = change.apply(new String(bytes, StandardCharsets.UTF_8))
							.getBytes(StandardCharsets.UTF_8);
					}
					target.write(bytes);
				}
				target.closeEntry();
			}
		}
		return copy;
	}

	private static String schemaVersion(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select version from flyway_schema_history where success and version is not null "
				+ "order by installed_rank desc limit 1", String.class);
	}

	private static String digest(JdbcTemplate jdbc, String table) {
		return jdbc.queryForObject(
				"select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from " + table
						+ " t",
				String.class);
	}

	private static Map<String, Object> sequences(JdbcTemplate jdbc) {
		Map<String, Object> positions = new java.util.TreeMap<>();
		for (String sequence : jdbc.queryForList(
				"select relname from pg_class where relkind = 'S' and relnamespace = current_schema()::regnamespace",
				String.class)) {
			positions.put(sequence,
					jdbc.queryForObject("select last_value || ',' || is_called from " + sequence, String.class));
		}
		return positions;
	}

}
