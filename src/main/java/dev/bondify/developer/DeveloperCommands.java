package dev.bondify.developer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.bondify.command.OperatorCommand;
import dev.bondify.system.ApiException;
import dev.bondify.system.IsoTime;

/**
 * The {@code developer …} operator commands: create (the first account of a server with
 * registration closed), reset-password, revoke and list.
 */
@Configuration(proxyBeanMethods = false)
class DeveloperCommands {

	private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	private static final SecureRandom RANDOM = new SecureRandom();

	@Bean
	OperatorCommand developerCreateCommand(DeveloperAdministration administration) {
		return new EmailCommand("developer create", "creates an account (password read from standard input when "
				+ "piped, else generated and printed once)") {

			@Override
			int run(String email, BufferedReader in, PrintStream out, PrintStream err) throws IOException {
				Password password = Password.read(in);
				String id = administration.create(email, password.value());
				out.println("Created developer " + id + " <" + email + ">.");
				password.printIfGenerated(out);
				return 0;
			}

		};
	}

	@Bean
	OperatorCommand developerResetPasswordCommand(DeveloperAdministration administration) {
		return new EmailCommand("developer reset-password",
				"sets a new password (read or generated as for create) " + "and revokes every token of the account") {

			@Override
			int run(String email, BufferedReader in, PrintStream out, PrintStream err) throws IOException {
				Password password = Password.read(in);
				if (!administration.resetPassword(email, password.value())) {
					return unknown(email, err);
				}
				out.println("New password set for <" + email + ">; every earlier token is revoked.");
				password.printIfGenerated(out);
				return 0;
			}

		};
	}

	@Bean
	OperatorCommand developerRevokeCommand(DeveloperAdministration administration) {
		return new EmailCommand("developer revoke", "revokes every token of the account (signs it out everywhere)") {

			@Override
			int run(String email, BufferedReader in, PrintStream out, PrintStream err) {
				if (!administration.revoke(email)) {
					return unknown(email, err);
				}
				out.println("Every token of <" + email + "> is revoked.");
				return 0;
			}

		};
	}

	@Bean
	OperatorCommand developerListCommand(DeveloperAdministration administration) {
		return new OperatorCommand() {

			@Override
			public String name() {
				return "developer list";
			}

			@Override
			public String usage() {
				return "developer list   lists every account: id, e-mail, created, e-mail verified, projects";
			}

			@Override
			public int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) {
				if (!args.isEmpty()) {
					err.println("developer list takes no options.");
					return 2;
				}
				List<DeveloperAdministration.Listed> all = administration.list();
				out.printf("%-28s %-40s %-20s %-20s %s%n", "ID", "EMAIL", "CREATED", "VERIFIED", "PROJECTS");
				for (DeveloperAdministration.Listed developer : all) {
					out.printf("%-28s %-40s %-20s %-20s %d%n", developer.id(), developer.email(),
							IsoTime.format(developer.createdAt()),
							(developer.emailVerifiedAt() != null) ? IsoTime.format(developer.emailVerifiedAt()) : "no",
							developer.projects());
				}
				out.println(all.size() + ((all.size() == 1) ? " developer." : " developers."));
				return 0;
			}

		};
	}

	private static int unknown(String email, PrintStream err) {
		err.println("No developer has the e-mail <" + email + ">.");
		return 1;
	}

	/**
	 * A password piped on standard input (its first line), or a generated one (about 130
	 * bits) shown once.
	 */
	private record Password(String value, boolean generated) {

		static Password read(BufferedReader in) throws IOException {
			String line = in.readLine();
			if (line != null && !line.isEmpty()) {
				return new Password(line, false);
			}
			StringBuilder generated = new StringBuilder();
			for (int i = 0; i < 24; i++) {
				if (i > 0 && i % 6 == 0) {
					generated.append('-');
				}
				generated.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
			}
			return new Password(generated.toString(), true);
		}

		void printIfGenerated(PrintStream out) {
			if (this.generated) {
				out.println("Password (shown only now; store it in a password manager): " + this.value);
			}
		}

	}

	/**
	 * A command that takes exactly {@code --email E} (or {@code --email=E}); an invalid
	 * request from the service becomes its sentence and exit code 1.
	 */
	private abstract static class EmailCommand implements OperatorCommand {

		private final String name;

		private final String description;

		EmailCommand(String name, String description) {
			this.name = name;
			this.description = description;
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public String usage() {
			return this.name + " --email E   " + this.description;
		}

		@Override
		public int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) throws Exception {
			String email = null;
			if (args.size() == 2 && args.get(0).equals("--email")) {
				email = args.get(1);
			}
			else if (args.size() == 1 && args.get(0).startsWith("--email=")) {
				email = args.get(0).substring("--email=".length());
			}
			if (email == null || email.isBlank()) {
				err.println("Usage: " + this.name + " --email E");
				return 2;
			}
			try {
				return run(email.trim(), in, out, err);
			}
			catch (ApiException ex) {
				err.println(ex.getMessage());
				return 1;
			}
		}

		abstract int run(String email, BufferedReader in, PrintStream out, PrintStream err) throws Exception;

	}

}
