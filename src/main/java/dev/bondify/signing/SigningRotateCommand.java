package dev.bondify.signing;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.bondify.command.OperatorCommand;

/**
 * {@code signing rotate [--now]}: a new signing key, published at once on every instance;
 * it signs after the activation delay ({@code --now}: at once, for a key that may be
 * compromised), and the key it replaces stays published for the retirement window.
 */
@Component
class SigningRotateCommand implements OperatorCommand {

	private final SigningKeys keys;

	SigningRotateCommand(SigningKeys keys) {
		this.keys = keys;
	}

	@Override
	public String name() {
		return "signing rotate";
	}

	@Override
	public String usage() {
		return "signing rotate [--now]";
	}

	@Override
	public int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err) {
		if (args.size() > 1 || (args.size() == 1 && !"--now".equals(args.get(0)))) {
			err.println("Usage: " + usage());
			return 2;
		}
		String previous = this.keys.current().getKeyID();
		return this.keys.rotate(!args.isEmpty()).map(rotation -> {
			out.println("New signing key " + rotation.kid() + ": published now, signs from " + rotation.activatesAt()
					+ ".");
			out.println("The key it replaces, " + previous + ", stays published until "
					+ rotation.activatesAt().plus(this.keys.properties().retireAfter()) + ", then drops out.");
			return 0;
		}).orElseGet(() -> {
			err.println("Another rotation stored its key at the same moment; that key is the new one"
					+ " (see `signing keys`).");
			return 1;
		});
	}

}
