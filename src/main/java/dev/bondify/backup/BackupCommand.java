package dev.bondify.backup;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

import dev.bondify.command.OperatorCommand;

/**
 * {@code backup <file>}: writes the whole database (embedded or external) to one
 * compressed file, with no PostgreSQL tools installed.
 */
@Component
class BackupCommand implements OperatorCommand {

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
	public int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) throws Exception {
		if (args.size() != 1 || args.get(0).isBlank() || args.get(0).startsWith("-")) {
			err.println("Usage: java -jar bondify.jar " + usage());
			return 2;
		}
		Path file = Path.of(args.get(0));
		try {
			BackupManifest manifest = this.backup.write(file);
			out.println("Backed up " + manifest.tables().size() + " tables (" + manifest.rows()
					+ " rows, schema version " + manifest.schemaVersion() + ") to " + file
					+ "; it holds secrets: keep it as safe as the database.");
			return 0;
		}
		catch (BackupException ex) {
			err.println("Backup failed: " + ex.getMessage());
			return 1;
		}
	}

}
