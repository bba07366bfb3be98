package dev.bondify.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes one consistent snapshot of the database to a ZIP file: each table as
 * PostgreSQL's binary {@code COPY} stream, then the manifest.
 */
// One REPEATABLE READ, READ ONLY transaction: every COPY sees the same snapshot, so a
// backup taken while the service runs (external PostgreSQL) is consistent, and it blocks
// nobody. The file is written beside the target and moved into place, so a failed backup
// never leaves a file that looks complete.
final class DatabaseBackup {

	private final DataSource dataSource;

	private final Clock clock;

	DatabaseBackup(DataSource dataSource, Clock clock) {
		this.dataSource = dataSource;
		this.clock = clock;
	}

	BackupManifest write(Path target) throws BackupException, IOException, SQLException {
		if (Files.exists(target)) {
			throw new BackupException(
					target + " exists already; choose a new file name (a backup never " + "overwrites a file).");
		}
		Path parent = target.toAbsolutePath().getParent();
		if (parent == null || !Files.isDirectory(parent)) {
			throw new BackupException("The directory of " + target + " does not exist.");
		}
		Path partial = parent.resolve("." + target.getFileName() + ".partial");
		Files.deleteIfExists(partial);
		createPrivate(partial);
		boolean done = false;
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			connection.setReadOnly(true);
			try {
				BackupManifest manifest = copyOut(connection, partial);
				connection.commit();
				Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
				done = true;
				return manifest;
			}
			finally {
				if (!done) {
					connection.rollback();
				}
			}
		}
		catch (FileAlreadyExistsException ex) {
			throw new BackupException(target + " appeared while the backup ran; nothing was overwritten.", ex);
		}
		finally {
			if (!done) {
				Files.deleteIfExists(partial);
			}
		}
	}

	private BackupManifest copyOut(Connection connection, Path partial)
			throws BackupException, IOException, SQLException {
		String version = DatabaseCatalog.schemaVersion(connection);
		List<String> tables = DatabaseCatalog.tablesInDependencyOrder(connection);
		CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
		Map<String, BackupManifest.Table> copied = new LinkedHashMap<>();
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
			int index = 0;
			for (String table : tables) {
				List<String> columns = DatabaseCatalog.columns(connection, table);
				zip.putNextEntry(new ZipEntry(BackupManifest.dataEntry(index++, table)));
				long rows = copy.copyOut("COPY " + DatabaseCatalog.quote(table) + " ("
						+ DatabaseCatalog.columnList(columns) + ") TO STDOUT (FORMAT binary)", new KeepOpen(zip));
				zip.closeEntry();
				copied.put(table, new BackupManifest.Table(columns, rows));
			}
			BackupManifest manifest = new BackupManifest(version, Instant.now(this.clock).toString(), copied,
					DatabaseCatalog.sequencePositions(connection));
			zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
			manifest.write(zip);
			zip.closeEntry();
			return manifest;
		}
	}

	/**
	 * The backup holds the keys the data is sealed with (unless they come from the
	 * environment): readable by its owner only, from the first byte.
	 */
	private static void createPrivate(Path file) throws IOException {
		try {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (UnsupportedOperationException ex) {
			Files.createFile(file);
		}
	}

	/** Lets the copy API close what it was given without closing the ZIP. */
	private static final class KeepOpen extends FilterOutputStream {

		KeepOpen(OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.out.write(bytes, offset, length);
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

}
