package dev.bondify.project;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.bondify.system.SecretSealer;

/**
 * Finishes a rotation of {@code BONDIFY_ENCRYPTION_KEY}: once the application is ready,
 * every own bot token sealed under the previous key is re-sealed under the current one
 * (each by a conditional UPDATE on the value read, so a token saved meanwhile is never
 * overwritten). A token no configured key opens is left as it is and reported.
 */
@Component
class BotTokenRotation {

	private static final Logger log = LoggerFactory.getLogger(BotTokenRotation.class);

	private final JdbcClient jdbc;

	private final SecretSealer sealer;

	BotTokenRotation(JdbcClient jdbc, SecretSealer sealer) {
		this.jdbc = jdbc;
		this.sealer = sealer;
	}

	@EventListener(ApplicationReadyEvent.class)
	void resealWithCurrentKey() {
		List<Sealed> stored = this.jdbc
			.sql("select id, bot_token_sealed from projects where bot_token_sealed is not null")
			.query((rs, row) -> new Sealed(rs.getString(1), rs.getBytes(2)))
			.list();
		int resealed = 0;
		int unreadable = 0;
		for (Sealed token : stored) {
			if (this.sealer.isCurrent(token.value())) {
				continue;
			}
			Optional<String> plain = this.sealer.open(token.value());
			if (plain.isEmpty()) {
				unreadable++;
				continue;
			}
			resealed += this.jdbc.sql("update projects set bot_token_sealed = ? where id = ? and bot_token_sealed = ?")
				.params(this.sealer.seal(plain.get()), token.projectId(), token.value())
				.update();
		}
		if (resealed > 0) {
			log.info("Re-encrypted {} project bot token(s) with the current BONDIFY_ENCRYPTION_KEY", resealed);
		}
		if (unreadable > 0) {
			log.warn(
					"{} project bot token(s) are encrypted with a key that is not configured: set the old key as"
							+ " BONDIFY_ENCRYPTION_PREVIOUS_KEY, or have those projects save their bot_token again",
					unreadable);
		}
	}

	private record Sealed(String projectId, byte[] value) {
	}

}
