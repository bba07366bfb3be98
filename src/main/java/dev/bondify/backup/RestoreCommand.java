package dev.bondify.backup;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

/**
 * {@code restore <file>}: loads a backup into an empty database at the backup's schema
 * version, all or nothing.
 */
@Component
class RestoreCommand extends OneFileCommand {

	private final DatabaseRestore restore;

	RestoreCommand(DataSource dataSource) {
		this.restore = new DatabaseRestore(dataSource);
	}

	@Override
	public String name() {
		return "restore";
	}

	@Override
	public String usage() {
		return "restore <file>       load a backup into an empty database (stop the service first)";
	}

	@Override
	String run(Path file) throws Exception {
		BackupManifest manifest = this.restore.restore(file);
		return "Restored " + manifest.tables().size() + " tables (" + manifest.rows() + " rows) from " + file
				+ ", taken " + manifest.createdAt() + "; start the service as usual.";
	}

	@Override
	String failure() {
		return "Restore failed, nothing was changed: ";
	}

}
