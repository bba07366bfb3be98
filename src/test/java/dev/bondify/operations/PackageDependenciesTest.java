package dev.bondify.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Imports point down: a plain scan of the main sources' imports (and fully qualified
 * references) keeps the package rules of the code review — {@code session} knows neither
 * the bot nor the sandbox (link targets implement an interface {@code session} owns),
 * {@code proof} knows no session, {@code system} knows none of session, project and bot,
 * {@code project} knows neither the bot nor sessions — every package pair against one
 * table, no cycle, and the public URL is read in one place.
 */
class PackageDependenciesTest {

	private static final Path MAIN = Path.of("src/main/java/dev/bondify");

	private static final Pattern REFERENCE = Pattern.compile("dev\\.bondify\\.([a-z]+)\\.");

	@ParameterizedTest(name = "{0} does not depend on {1}")
	@CsvSource({ "session, telegram", "session, sandbox", "proof, session", "system, session", "system, telegram",
			"system, project", "project, telegram", "project, session", "system, access", "system, developer",
			"access, developer", "access, session", "access, telegram", "access, project", "access, proof" })
	void packageDoesNotDependOn(String from, String to) throws IOException {
		assertThat(referencesOf(from)).as("dev.bondify.%s referenced from dev.bondify.%s", to, from)
			.noneMatch(line -> line.endsWith(" -> " + to));
	}

	/**
	 * Which package may reference which: every pair of packages not listed here is a
	 * dependency that must not exist. {@code system} is the floor and imports nothing;
	 * {@code command} (the operator-command runner) knows only {@code system};
	 * {@code access} (admission) imports only {@code system}, so it knows no feature.
	 */
	static final Map<String, Set<String>> ALLOWED = Map.ofEntries(Map.entry("system", Set.of()),
			Map.entry("command", Set.of("system")), Map.entry("access", Set.of("system")),
			Map.entry("database", Set.of("system")), Map.entry("project", Set.of("access", "system")),
			Map.entry("analytics", Set.of("project", "session", "system")),
			Map.entry("developer", Set.of("access", "command", "project", "system")),
			Map.entry("dashboard", Set.of("access", "developer", "system")),
			Map.entry("signing", Set.of("command", "system")), Map.entry("encryption", Set.of("command", "system")),
			Map.entry("backup", Set.of("command")), Map.entry("launcher", Set.of()),
			Map.entry("proof", Set.of("access", "project", "signing", "system")),
			Map.entry("exchange", Set.of("access", "project", "session", "system", "telegram")),
			Map.entry("oidc", Set.of("access", "demo", "project", "session", "system")),
			Map.entry("session", Set.of("access", "project", "proof", "system")),
			Map.entry("sandbox", Set.of("access", "project", "session", "system")),
			Map.entry("telegram", Set.of("access", "project", "session", "system")),
			Map.entry("webhook", Set.of("project", "session", "system")),
			Map.entry("demo", Set.of("database", "proof", "sandbox", "system")),
			Map.entry("operations", Set.of("access", "database", "sandbox", "session", "system", "telegram")));

	/** Packages nothing may import: the floor's rule is that it knows no feature. */
	private static final Set<String> FLOOR = Set.of("system", "command");

	static Stream<Arguments> everyPackagePair() throws IOException {
		List<String> packages = packages();
		return packages.stream()
			.flatMap(from -> packages.stream().filter(to -> !to.equals(from)).map(to -> Arguments.of(from, to)));
	}

	/**
	 * Every ordered pair of packages: a reference exists only where the table allows it.
	 * A package the table does not know yet (added on another branch) is held to the
	 * general rules: it is not imported by the floor or by {@code access}, and the graph
	 * stays acyclic (next test).
	 */
	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("everyPackagePair")
	void everyPackagePairFollowsTheTable(String from, String to) throws IOException {
		boolean references = referencesOf(from).stream().anyMatch(line -> line.endsWith(" -> " + to));
		if (!references) {
			return;
		}
		if (FLOOR.contains(from) || from.equals("access")) {
			assertThat(ALLOWED.get(from)).as("dev.bondify.%s may not reference dev.bondify.%s", from, to).contains(to);
		}
		if (ALLOWED.containsKey(from) && ALLOWED.containsKey(to)) {
			assertThat(ALLOWED.get(from))
				.as("dev.bondify.%s references dev.bondify.%s, which the table does not allow", from, to)
				.contains(to);
		}
	}

	@Test
	void thePackageGraphHasNoCycle() throws IOException {
		Map<String, Set<String>> graph = new TreeMap<>();
		for (String pkg : packages()) {
			Set<String> targets = new TreeSet<>();
			for (String line : referencesOf(pkg)) {
				targets.add(line.substring(line.lastIndexOf(" -> ") + 4));
			}
			graph.put(pkg, targets);
		}
		for (String start : graph.keySet()) {
			Set<String> seen = new TreeSet<>();
			List<String> todo = new ArrayList<>(graph.get(start));
			while (!todo.isEmpty()) {
				String next = todo.remove(todo.size() - 1);
				assertThat(next).as("dev.bondify.%s reaches itself through dev.bondify.%s (%s)", start, next, graph)
					.isNotEqualTo(start);
				if (seen.add(next)) {
					todo.addAll(graph.getOrDefault(next, Set.of()));
				}
			}
		}
	}

	@Test
	void theTableItselfIsAcyclicAndTheFloorKnowsNoFeature() {
		assertThat(ALLOWED.get("system")).isEmpty();
		assertThat(ALLOWED.get("command")).containsExactly("system");
		assertThat(ALLOWED.get("access")).containsExactly("system");
	}

	private static List<String> packages() throws IOException {
		try (Stream<Path> dirs = Files.list(MAIN)) {
			return dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).sorted().toList();
		}
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
