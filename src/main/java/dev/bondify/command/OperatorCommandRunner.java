package dev.bondify.command;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bondify.system.InvalidConfigurationException;

/**
 * Runs the jar as a command instead of a server when its first argument is a command word
 * ({@code java -jar bondify.jar developer list}): the application context starts without
 * the web server, Telegram, the scheduled jobs or the demo, so it only talks to the
 * configured database (embedded or external); the matching command runs and the process
 * exits with its code.
 */
public final class OperatorCommandRunner {

	/**
	 * Command-line properties outrank the environment: whatever the deployment sets, a
	 * command never starts a bot, a job or a listener.
	 */
	private static final List<String> OVERRIDES = List.of("--server.port=-1", "--bondify.telegram.mode=off",
			"--bondify.demo.enabled=false", "--bondify.scheduling.enabled=false", "--bondify.management.port=-1",
			"--spring.main.banner-mode=off", "--spring.main.log-startup-info=false");

	/**
	 * Defaults the environment may still override ({@code LOGGING_LEVEL_ROOT=INFO} to see
	 * what starts): quiet, so the output is the command's result.
	 */
	private static final Map<String, Object> QUIET = Map.of("logging.level.root", "OFF");

	private OperatorCommandRunner() {
	}

	/**
	 * Whether the arguments ask for a command: the first one is a word, not a
	 * {@code --property=value} for the server.
	 */
	public static boolean isCommand(String[] args) {
		return args.length > 0 && args[0].matches("[a-z][a-z0-9-]*");
	}

	/**
	 * Starts the context, runs the command, closes the context.
	 * @param application the application's main class
	 * @param args the command's words and options (e.g.
	 * {@code developer create --email E})
	 * @param properties extra {@code --name=value} settings (tests point them at their
	 * database)
	 * @return the exit code
	 */
	public static int run(Class<?> application, String[] args, InputStream stdin, boolean stdinIsTerminal,
			PrintStream out, PrintStream err, String... properties) {
		List<String> springArgs = new ArrayList<>(OVERRIDES);
		springArgs.addAll(Arrays.asList(properties));
		SpringApplication spring = new SpringApplication(application);
		spring.setDefaultProperties(QUIET);
		spring.setRegisterShutdownHook(false);
		ConfigurableApplicationContext context;
		try {
			context = spring.run(springArgs.toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			err.println("Bondify could not start against the configured database: " + startFailure(ex));
			return CommandDispatcher.FAILED;
		}
		try (context) {
			List<OperatorCommand> commands = context.getBeanProvider(OperatorCommand.class).orderedStream().toList();
			// A terminal is not a password: read nothing from it, so the command
			// generates
			// one.
			Reader reader = stdinIsTerminal ? new StringReader("")
					: new InputStreamReader(stdin, StandardCharsets.UTF_8);
			return new CommandDispatcher(commands).dispatch(List.of(args), new BufferedReader(reader), out, err);
		}
	}

	/** {@code main}'s path: the real streams, then exit with the command's code. */
	public static void main(Class<?> application, String[] args) {
		int code = run(application, args, System.in, stdinIsTerminal(), System.out, System.err);
		System.out.flush();
		System.exit(code);
	}

	/**
	 * Since JDK 22 {@code System.console()} is there even when input is piped, and only
	 * {@code Console.isTerminal()} (not in the Java 21 API this code compiles against)
	 * tells; on 21 a console means a terminal.
	 */
	private static boolean stdinIsTerminal() {
		Console console = System.console();
		if (console == null) {
			return false;
		}
		try {
			return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
		}
		catch (ReflectiveOperationException ex) {
			return true;
		}
	}

	private static String startFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidConfigurationException) {
				return CommandDispatcher.printable(cause.getMessage());
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return CommandDispatcher.sentence(failure);
	}

}
