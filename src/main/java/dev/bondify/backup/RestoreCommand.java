package dev.bondify.backup;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

import dev.bondify.command.OperatorCommand;

/**
 * {@code restore <file>}: loads a backup into an empty database at the backup's schema
 * version, all or nothing.
 */
@Component
class RestoreCommand implements OperatorCommand {

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
	public int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) throws Exception {
		if (args.size() != 1 || args.get(0).isBlank() || args.get(0).startsWith("-")) {
			err.println("Usage: java -jar bondify.jar " + usage());
			return 2;
		}
		Path file = Path.of(args.get(0));
		try {
			BackupManifest manifest = this.restore.restore(file);
			out.println("Restored " + manifest.tables().size() + " tables (" + manifest.rows() + " rows) from " + file
					+ ", taken " + manifest.createdAt() + "; start the service as usual.");
			return 0;
		}
		catch (BackupException ex) {
			err.println("Restore failed, nothing was changed: " + ex.getMessage());
			return 1;
		}
	}

}
