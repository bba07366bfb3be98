package dev.bondify.command;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the {@link OperatorCommand} whose name matches the leading words of the arguments
 * (the longest such name wins), runs it and turns any failure into one sentence and exit
 * code 1; {@code help} or unknown words print the usage of every command.
 */
final class CommandDispatcher {

	static final int OK = 0;

	static final int FAILED = 1;

	static final int USAGE = 2;

	private final List<OperatorCommand> commands;

	CommandDispatcher(List<OperatorCommand> commands) {
		this.commands = commands.stream().sorted(Comparator.comparing(OperatorCommand::name)).toList();
	}

	int dispatch(List<String> args, BufferedReader in, PrintStream out, PrintStream err) {
		if (args.isEmpty() || List.of("help", "--help", "-h").contains(args.get(0))) {
			usage(out);
			return args.isEmpty() ? USAGE : OK;
		}
		Optional<OperatorCommand> match = find(args);
		if (match.isEmpty()) {
			err.println("Unknown command: " + printable(String.join(" ", args)) + ".");
			usage(err);
			return USAGE;
		}
		OperatorCommand command = match.get();
		int words = command.name().split(" ").length;
		try {
			return command.run(args.subList(words, args.size()), in, out, err);
		}
		catch (Exception ex) {
			err.println(command.name() + " failed: " + sentence(ex));
			return FAILED;
		}
	}

	void usage(PrintStream out) {
		out.println("Usage: java -jar bondify.jar <command> [options]   (no command: run the server)");
		out.println("Commands:");
		for (OperatorCommand command : this.commands) {
			out.println("  " + command.usage());
		}
		out.println("  help");
	}

	private Optional<OperatorCommand> find(List<String> args) {
		return this.commands.stream()
			.filter((command) -> startsWith(args, Arrays.asList(command.name().split(" "))))
			.max(Comparator.comparingInt((command) -> command.name().length()));
	}

	private static boolean startsWith(List<String> args, List<String> words) {
		return args.size() >= words.size() && args.subList(0, words.size()).equals(words);
	}

	/**
	 * The innermost message of a failure, on one line: an operator reads a sentence,
	 * never a stack trace.
	 */
	static String sentence(Throwable failure) {
		Throwable cause = failure;
		String message = null;
		while (cause != null) {
			if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
				message = cause.getMessage();
			}
			if (cause.getCause() == cause) {
				break;
			}
			cause = cause.getCause();
		}
		if (message == null) {
			return failure.getClass().getSimpleName() + ".";
		}
		String line = printable(message.lines().findFirst().orElse("").strip());
		return line.endsWith(".") ? line : line + ".";
	}

	/**
	 * Caller-supplied text as it is echoed: no control characters, at most 200 of them.
	 */
	static String printable(String text) {
		StringBuilder builder = new StringBuilder();
		text.codePoints().limit(200).forEach((c) -> builder.appendCodePoint(Character.isISOControl(c) ? '?' : c));
		return builder.toString();
	}

}
