package dev.bondify.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads a backup into a database at the same schema version that holds no data yet, in
 * one transaction: it loads everything or changes nothing.
 */
// "No data yet" means no developer, no session and no project but the demo project: what
// a
// service creates by itself at its first start (its generated keys, the demo project, job
// bookkeeping) is replaced by the backup's, so a freshly started instance is a valid
// target. User triggers (analytics roll-ups, change notifications) are off while loading,
// because the roll-up tables are restored as they were; foreign keys stay checked.
final class DatabaseRestore {

	/** Waits this long for a running service's locks, then gives up without a change. */
	private static final String LOCK_TIMEOUT = "5s";

	private static final String IN_USE = """
			select (select count(*) from developers) + (select count(*) from auth_sessions)
			     + (select count(*) from projects where id <> 'proj_sandboxdemo')""";

	private final DataSource dataSource;

	DatabaseRestore(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	BackupManifest restore(Path source) throws BackupException, IOException, SQLException {
		if (!Files.isRegularFile(source)) {
			throw new BackupException(source + " is not a file.");
		}
		try (ZipFile zip = open(source)) {
			BackupManifest manifest = manifest(zip, source);
			try (Connection connection = this.dataSource.getConnection()) {
				connection.setAutoCommit(false);
				boolean done = false;
				try {
					load(connection, zip, manifest);
					connection.commit();
					done = true;
					return manifest;
				}
				finally {
					if (!done) {
						connection.rollback();
					}
				}
			}
		}
	}

	private static ZipFile open(Path source) throws BackupException, IOException {
		try {
			return new ZipFile(source.toFile());
		}
		catch (ZipException ex) {
			throw new BackupException(source + " is not a Bondify backup (not a ZIP file).", ex);
		}
	}

	private static BackupManifest manifest(ZipFile zip, Path source) throws BackupException, IOException {
		ZipEntry entry = zip.getEntry(BackupManifest.ENTRY);
		if (entry == null) {
			throw new BackupException(source + " is not a Bondify backup (it has no " + BackupManifest.ENTRY
					+ "; an interrupted backup never has one).");
		}
		try (InputStream in = zip.getInputStream(entry)) {
			return BackupManifest.read(in);
		}
	}

	private static void load(Connection connection, ZipFile zip, BackupManifest manifest)
			throws BackupException, IOException, SQLException {
		String version = DatabaseCatalog.schemaVersion(connection);
		if (!version.equals(manifest.schemaVersion())) {
			throw new BackupException("The backup is of schema version " + manifest.schemaVersion()
					+ " but this database is at " + version + "; restore it into a database that the release "
					+ "which took it has migrated (schema " + manifest.schemaVersion() + "), then upgrade.");
		}
		List<String> tables = DatabaseCatalog.tablesInDependencyOrder(connection);
		if (!new HashSet<>(tables).equals(manifest.tables().keySet())) {
			throw new BackupException("The backup's tables differ from this database's although both are at "
					+ "schema version " + version + "; the backup does not belong to this database.");
		}
		String all = String.join(", ", tables.stream().map(DatabaseCatalog::quote).toList());
		try (Statement statement = connection.createStatement()) {
			statement.execute("set local lock_timeout = '" + LOCK_TIMEOUT + "'");
			lock(statement, all);
			refuseWhenInUse(connection);
			for (String table : tables) {
				statement.execute("alter table " + DatabaseCatalog.quote(table) + " disable trigger user");
			}
			statement.execute("truncate " + all);
		}
		copyIn(connection, zip, manifest);
		try (Statement statement = connection.createStatement()) {
			for (String table : tables) {
				statement.execute("alter table " + DatabaseCatalog.quote(table) + " enable trigger user");
			}
		}
		setSequences(connection, manifest.sequences());
	}

	private static void lock(Statement statement, String tables) throws BackupException, SQLException {
		try {
			statement.execute("lock table " + tables + " in access exclusive mode");
		}
		catch (SQLException ex) {
			if ("55P03".equals(ex.getSQLState())) {
				throw new BackupException("The database is in use (a service holds its tables for more than "
						+ LOCK_TIMEOUT + "); stop every instance, then restore.", ex);
			}
			throw ex;
		}
	}

	private static void refuseWhenInUse(Connection connection) throws BackupException, SQLException {
		try (PreparedStatement statement = connection.prepareStatement(IN_USE);
				ResultSet rows = statement.executeQuery()) {
			rows.next();
			if (rows.getLong(1) > 0) {
				throw new BackupException("The database already holds developers, projects or sign-ins; restore "
						+ "only into an empty database (a new BONDIFY_DATA_DIR, or a new database for "
						+ "SPRING_DATASOURCE_URL), so nothing is overwritten.");
			}
		}
	}

	private static void copyIn(Connection connection, ZipFile zip, BackupManifest manifest)
			throws BackupException, IOException, SQLException {
		CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
		int index = 0;
		for (Map.Entry<String, BackupManifest.Table> table : manifest.tables().entrySet()) {
			ZipEntry entry = zip.getEntry(BackupManifest.dataEntry(index++, table.getKey()));
			if (entry == null) {
				throw new BackupException(
						"The backup is damaged: the data of table " + table.getKey() + " is missing.");
			}
			long rows;
			try (InputStream in = zip.getInputStream(entry)) {
				rows = copy.copyIn("COPY " + DatabaseCatalog.quote(table.getKey()) + " ("
						+ DatabaseCatalog.columnList(table.getValue().columns()) + ") FROM STDIN (FORMAT binary)", in);
			}
			catch (ZipException ex) {
				throw new BackupException("The backup is damaged (table " + table.getKey() + ").", ex);
			}
			if (rows != table.getValue().rows()) {
				throw new BackupException("The backup is damaged: table " + table.getKey() + " has " + rows
						+ " rows, its manifest says " + table.getValue().rows() + ".");
			}
		}
	}

	private static void setSequences(Connection connection, Map<String, String> sequences) throws SQLException {
		List<String> existing = new ArrayList<>(DatabaseCatalog.sequences(connection));
		for (Map.Entry<String, String> sequence : sequences.entrySet()) {
			if (!existing.contains(sequence.getKey())) {
				continue;
			}
			String[] position = sequence.getValue().split(",");
			try (PreparedStatement statement = connection.prepareStatement("select setval(?::regclass, ?, ?)")) {
				statement.setString(1, DatabaseCatalog.quote(sequence.getKey()));
				statement.setLong(2, Long.parseLong(position[0]));
				statement.setBoolean(3, Boolean.parseBoolean(position[1]));
				statement.execute();
			}
		}
	}

}
