package dev.bondify.backup;

import java.nio.file.Path;
import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

/**
 * {@code backup <file>}: writes the whole database (embedded or external) to one
 * compressed file, with no PostgreSQL tools installed.
 */
@Component
class BackupCommand extends OneFileCommand {

	private final DatabaseBackup backup;

	BackupCommand(DataSource dataSource, Clock clock) {
		this.backup = new DatabaseBackup(dataSource, clock);
	}

	@Override
	public String name() {
		return "backup";
	}

	@Override
	public String usage() {
		return "backup <file>        write the whole database to a new file (restore it with restore <file>)";
	}

	@Override
	String run(Path file) throws Exception {
		BackupManifest manifest = this.backup.write(file);
		return "Backed up " + manifest.tables().size() + " tables (" + manifest.rows() + " rows, schema version "
				+ manifest.schemaVersion() + ") to " + file + "; it holds secrets: keep it as safe as the database.";
	}

	@Override
	String failure() {
		return "Backup failed: ";
	}

}
