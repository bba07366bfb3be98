package dev.bondify.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Imports point down: a plain scan of the main sources' imports (and fully qualified
 * references) keeps the package rules of the code review — {@code session} knows neither
 * the bot nor the sandbox (link targets implement an interface {@code session} owns),
 * {@code proof} knows no session, {@code system} knows none of session, project and bot,
 * {@code project} knows neither the bot nor sessions — and the public URL is read in one
 * place.
 */
class PackageDependenciesTest {

	private static final Path MAIN = Path.of("src/main/java/dev/bondify");

	private static final Pattern REFERENCE = Pattern.compile("dev\\.bondify\\.([a-z]+)\\.");

	@ParameterizedTest(name = "{0} does not depend on {1}")
	@CsvSource({ "session, telegram", "session, sandbox", "proof, session", "system, session", "system, telegram",
			"system, project", "project, telegram", "project, session" })
	void packageDoesNotDependOn(String from, String to) throws IOException {
		assertThat(referencesOf(from)).as("dev.bondify.%s referenced from dev.bondify.%s", to, from)
			.noneMatch(line -> line.endsWith(" -> " + to));
	}

	@Test
	void thePublicUrlIsBoundOnceNotReadWithValue() throws IOException {
		try (Stream<Path> files = Files.walk(MAIN)) {
			List<Path> readers = files.filter(file -> file.toString().endsWith(".java"))
				.filter(file -> read(file).contains("${bondify.public-url"))
				.toList();
			assertThat(readers).isEmpty();
		}
	}

	/** {@code file -> package} for every reference to another package of the service. */
	private static List<String> referencesOf(String pkg) throws IOException {
		try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
			return files.filter(file -> file.toString().endsWith(".java")).flatMap(file -> {
				Matcher matcher = REFERENCE.matcher(read(file));
				Stream.Builder<String> found = Stream.builder();
				while (matcher.find()) {
					if (!matcher.group(1).equals(pkg)) {
						found.add(file.getFileName() + " -> " + matcher.group(1));
					}
				}
				return found.build();
			}).toList();
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
