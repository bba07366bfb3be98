package dev.bondify.encryption;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.bondify.command.OperatorCommand;
import dev.bondify.system.SecretSealer;

/**
 * {@code encryption rotate}: re-encrypts every stored secret under the current key
 * ({@code BONDIFY_ENCRYPTION_KEY}), opening old values with the retired keys
 * ({@code BONDIFY_ENCRYPTION_PREVIOUS_KEYS}, an old key file, or the key an earlier
 * release kept in the database, which it then deletes).
 */
@Component
class EncryptionRotateCommand implements OperatorCommand {

	private final SealedColumns columns;

	private final SecretSealer sealer;

	EncryptionRotateCommand(SealedColumns columns, SecretSealer sealer) {
		this.columns = columns;
		this.sealer = sealer;
	}

	@Override
	public String name() {
		return "encryption rotate";
	}

	@Override
	public String usage() {
		return "encryption rotate   re-encrypt every stored secret under BONDIFY_ENCRYPTION_KEY";
	}

	@Override
	public int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) {
		if (!args.isEmpty()) {
			err.println("Usage: " + usage());
			return 2;
		}
		SealedColumns.Report report = this.columns.reseal();
		out.println("Re-encrypted " + report.sealed() + " stored secret(s) under the current key (id "
				+ this.sealer.currentKeyId() + ").");
		if (report.unreadable() > 0) {
			err.println(report.unreadable() + " stored secret(s) are encrypted with a key that is not configured: add"
					+ " that key to BONDIFY_ENCRYPTION_PREVIOUS_KEYS and run `encryption rotate` again.");
			return 1;
		}
		if (this.sealer.forgetKeyStoredInDatabase()) {
			out.println("Deleted the key an earlier release kept in the database.");
		}
		out.println("Every stored secret is sealed under the current key: the retired keys may now be removed"
				+ " (BONDIFY_ENCRYPTION_PREVIOUS_KEYS, an old key file).");
		return 0;
	}

}
