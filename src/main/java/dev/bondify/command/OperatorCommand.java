package dev.bondify.command;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.util.List;

/**
 * One operator command that the jar runs against the configured database and then exits
 * (for example {@code java -jar bondify.jar developer create --email E}); each feature
 * supplies its commands as beans.
 */
public interface OperatorCommand {

	/**
	 * The words that select this command, e.g. {@code "developer create"} or
	 * {@code "backup"}.
	 * @return the command's name, words separated by one space
	 */
	String name();

	/**
	 * One line for the usage text, e.g. {@code "developer create --email E"}.
	 * @return the usage line
	 */
	String usage();

	/**
	 * Runs the command.
	 * @param args the arguments after the command's name
	 * @param in standard input (a password piped in, say)
	 * @param out where the command's result goes
	 * @param err where errors go, one sentence each
	 * @return the process exit code: 0 on success, 2 for wrong usage, 1 otherwise
	 * @throws Exception on an unexpected failure (reported in one sentence, exit 1)
	 */
	int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) throws Exception;

}
