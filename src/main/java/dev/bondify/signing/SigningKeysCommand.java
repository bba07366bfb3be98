package dev.bondify.signing;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.util.List;

import com.nimbusds.jose.jwk.ECKey;

import org.springframework.stereotype.Component;

import dev.bondify.command.OperatorCommand;

/**
 * {@code signing keys}: the stored signing keys, one line each, with what each does now
 * (signs, waits to sign, published until it drops out).
 */
@Component
class SigningKeysCommand implements OperatorCommand {

	private final SigningKeys keys;

	SigningKeysCommand(SigningKeys keys) {
		this.keys = keys;
	}

	@Override
	public String name() {
		return "signing keys";
	}

	@Override
	public String usage() {
		return "signing keys";
	}

	@Override
	public int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) {
		if (!args.isEmpty()) {
			err.println("Usage: " + usage());
			return 2;
		}
		String current = this.keys.current().getKeyID();
		List<String> published = this.keys.published().stream().map(ECKey::getKeyID).toList();
		List<SigningKeyRing.Entry> stored = this.keys.stored();
		int currentGeneration = stored.stream()
			.filter(entry -> entry.kid().equals(current))
			.mapToInt(SigningKeyRing.Entry::generation)
			.findFirst()
			.orElse(Integer.MAX_VALUE);
		for (SigningKeyRing.Entry entry : stored) {
			String state;
			if (entry.generation() == currentGeneration) {
				state = "signing";
			}
			else if (!published.contains(entry.kid())) {
				state = "retired, no longer published";
			}
			else {
				state = (entry.generation() > currentGeneration) ? "published, waiting to sign"
						: "retired, still published";
			}
			out.println(entry.generation() + " " + entry.kid() + " created " + entry.createdAt() + " activates "
					+ entry.activatesAt() + " " + state);
		}
		return 0;
	}

}
