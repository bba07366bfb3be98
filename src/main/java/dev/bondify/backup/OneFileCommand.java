package dev.bondify.backup;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import dev.bondify.command.OperatorCommand;

/**
 * An operator command that takes exactly one file argument and reports a
 * {@link BackupException} as one sentence: what {@code backup} and {@code restore} share.
 */
abstract class OneFileCommand implements OperatorCommand {

	@Override
	public final int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) throws Exception {
		if (args.size() != 1 || args.get(0).isBlank() || args.get(0).startsWith("-")) {
			err.println("Usage: java -jar bondify.jar " + usage());
			return 2;
		}
		Path file = Path.of(args.get(0));
		try {
			out.println(run(file));
			return 0;
		}
		catch (BackupException ex) {
			err.println(failure() + ex.getMessage());
			return 1;
		}
	}

	/** Does the work on {@code file} and returns the sentence that reports success. */
	abstract String run(Path file) throws Exception;

	/** The start of the sentence that reports a failure, before the reason. */
	abstract String failure();

}
