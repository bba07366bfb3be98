package dev.bondify.developer;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.command.OperatorCommand;
import dev.bondify.support.ApiClient;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.TestDevelopers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code developer …} operator commands called as beans against the real database:
 * what they print, their exit codes, and that the accounts they make or change behave so
 * over the API.
 */
class DeveloperCommandsIntegrationTest extends IntegrationTest {

	private static final Pattern GENERATED = Pattern.compile("Password \\(shown only now[^)]*\\): (\\S+)");

	@Autowired
	private List<OperatorCommand> commands;

	@Test
	void createWithAPipedPasswordMakesAnAccountThatSignsInAndNeverEchoesThePassword() {
		String email = TestDevelopers.uniqueEmail();
		Run run = run("developer create", "tangerine viaduct morsel quilt\n", "--email", email);
		assertThat(run.code()).as(run.err()).isZero();
		assertThat(run.out()).startsWith("Created developer dev_").contains(email).doesNotContain("tangerine");
		assertThat(login(email, "tangerine viaduct morsel quilt")).isEqualTo(200);
		// The operator vouches for the address.
		assertThat(this.jdbc.queryForObject("select email_verified_at is not null from developers where email = ?",
				Boolean.class, email))
			.isTrue();
	}

	@Test
	void createWithoutInputGeneratesAStrongPasswordShownOnce() {
		String email = TestDevelopers.uniqueEmail();
		Run run = run("developer create", "", "--email=" + email);
		assertThat(run.code()).as(run.err()).isZero();
		Matcher generated = GENERATED.matcher(run.out());
		assertThat(generated.find()).as(run.out()).isTrue();
		assertThat(generated.group(1)).hasSize(27);
		assertThat(login(email, generated.group(1))).isEqualTo(200);
	}

	@Test
	void createRefusesATakenAddressAWeakPasswordAndBadUsageChangingNothing() {
		TestDevelopers.Developer existing = this.developers.register();
		long before = count("developers");
		Run taken = run("developer create", "tangerine viaduct morsel quilt\n", "--email",
				existing.email().toUpperCase(java.util.Locale.ROOT));
		assertThat(taken.code()).isEqualTo(1);
		assertThat(taken.err()).isEqualToIgnoringNewLines("A developer with this e-mail already exists.");
		Run weak = run("developer create", "aaaaaaaaaaaa\n", "--email", TestDevelopers.uniqueEmail());
		assertThat(weak.code()).isEqualTo(1);
		assertThat(weak.err()).contains("one character repeated").contains("passphrase");
		Run badEmail = run("developer create", "", "--email", "not-an-address");
		assertThat(badEmail.code()).isEqualTo(1);
		assertThat(badEmail.err()).contains("valid e-mail");
		Run noEmail = run("developer create", "");
		assertThat(noEmail.code()).isEqualTo(2);
		assertThat(noEmail.err()).contains("Usage: developer create --email E");
		assertThat(count("developers")).isEqualTo(before);
	}

	@Test
	void resetPasswordSetsANewOneAndRevokesEveryToken() {
		TestDevelopers.Developer developer = this.developers.register();
		Run run = run("developer reset-password", "obsidian lantern pickle harbor\n", "--email", developer.email());
		assertThat(run.code()).as(run.err()).isZero();
		assertThat(me(developer.token())).isEqualTo(401);
		assertThat(login(developer.email(), TestDevelopers.PASSWORD)).isEqualTo(401);
		assertThat(login(developer.email(), "obsidian lantern pickle harbor")).isEqualTo(200);
		Run unknown = run("developer reset-password", "obsidian lantern pickle harbor\n", "--email",
				TestDevelopers.uniqueEmail());
		assertThat(unknown.code()).isEqualTo(1);
		assertThat(unknown.err()).startsWith("No developer has the e-mail");
	}

	@Test
	void revokeSignsTheAccountOutEverywhereButKeepsThePassword() {
		TestDevelopers.Developer developer = this.developers.register();
		Run run = run("developer revoke", "", "--email", developer.email());
		assertThat(run.code()).as(run.err()).isZero();
		assertThat(me(developer.token())).isEqualTo(401);
		assertThat(login(developer.email(), TestDevelopers.PASSWORD)).isEqualTo(200);
		assertThat(run("developer revoke", "", "--email", TestDevelopers.uniqueEmail()).code()).isEqualTo(1);
	}

	@Test
	void listShowsEveryAccountWithItsProjects() {
		TestDevelopers.Developer developer = this.developers.register();
		this.developers.createProject(developer, "{\"name\":\"Listed\",\"sandbox\":true}");
		Run run = run("developer list", "");
		assertThat(run.code()).isZero();
		assertThat(run.out()).startsWith("ID ")
			.containsPattern(Pattern.quote(developer.id()) + "\\s+" + Pattern.quote(developer.email()) + ".*\\s1\\n")
			.containsPattern("\\d+ developers?\\.\\n$");
		assertThat(run("developer list", "", "--all").code()).isEqualTo(2);
	}

	private Run run(String name, String stdin, String... args) {
		OperatorCommand command = this.commands.stream()
			.filter((candidate) -> candidate.name().equals(name))
			.findFirst()
			.orElseThrow();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		try {
			int code = command.run(List.of(args), new BufferedReader(new StringReader(stdin)),
					new PrintStream(out, true, StandardCharsets.UTF_8),
					new PrintStream(err, true, StandardCharsets.UTF_8));
			return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private int login(String email, String password) {
		return this.api.post("/api/v1/dev/login", ApiClient.json(Map.of("email", email, "password", password)))
			.status();
	}

	private int me(String token) {
		return this.api.get("/api/v1/dev/me", "Authorization", "Bearer " + token).status();
	}

	private record Run(int code, String out, String err) {
	}

}
