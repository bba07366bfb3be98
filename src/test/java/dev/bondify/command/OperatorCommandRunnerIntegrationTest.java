package dev.bondify.command;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bondify.BondifyApplication;
import dev.bondify.support.ApiClient;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDatabase;
import dev.bondify.support.TestDevelopers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar's command path as {@code main} takes it: a second, web-less application context
 * on the test database runs the command and closes; the running server then sees its
 * result.
 */
class OperatorCommandRunnerIntegrationTest extends IntegrationTest {

	@Test
	void developerCreateThroughTheCommandPathMakesAnAccountTheServerSignsIn() {
		String email = TestDevelopers.uniqueEmail();
		Result result = run("tangerine viaduct morsel quilt\n", "developer", "create", "--email", email);
		assertThat(result.code()).as(result.err()).isZero();
		assertThat(result.out()).startsWith("Created developer dev_");
		assertThat(result.err()).isEmpty();
		assertThat(this.api
			.post("/api/v1/dev/login",
					ApiClient.json(Map.of("email", email, "password", "tangerine viaduct morsel quilt")))
			.status()).isEqualTo(200);
	}

	@Test
	void helpListsEveryCommandBeanAndUnknownWordsAreUsageErrors() {
		Result help = run("", "help");
		assertThat(help.code()).isZero();
		assertThat(help.out()).contains("developer create --email E", "developer reset-password --email E",
				"developer revoke --email E", "developer list");
		Result unknown = run("", "developer", "frobnicate");
		assertThat(unknown.code()).isEqualTo(2);
		assertThat(unknown.err()).startsWith("Unknown command: developer frobnicate.").contains("developer list");
	}

	@Test
	void anUnreachableDatabaseIsOneSentenceAndExitCodeOne() {
		Result result = runAgainst("jdbc:postgresql://127.0.0.1:1/bondify", "developer", "list");
		assertThat(result.code()).isEqualTo(1);
		assertThat(result.err().lines().count()).as(result.err()).isEqualTo(1);
		assertThat(result.err()).startsWith("Bondify could not start against the configured database: ")
			.doesNotContain("\tat ");
	}

	private Result run(String stdin, String... args) {
		return execute(TestDatabase.get().url(), stdin, args);
	}

	private Result runAgainst(String url, String... args) {
		return execute(url, "", args);
	}

	private static Result execute(String url, String stdin, String... args) {
		TestDatabase.Connection db = TestDatabase.get();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = OperatorCommandRunner.run(BondifyApplication.class, args,
				new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), false,
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
				"--spring.datasource.url=" + url, "--spring.datasource.username=" + db.username(),
				"--spring.datasource.password=" + db.password(), "--bondify.data-dir=target/test-data");
		return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private record Result(int code, String out, String err) {
	}

}
