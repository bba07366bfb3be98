package dev.bondify.encryption;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.bondify.system.SecretSealer;

/**
 * Every column that holds a sealed secret, and the pass that brings each value under the
 * current key: values an earlier release stored in clear are sealed, values sealed under
 * a retired key are re-sealed. Each value changes by a conditional UPDATE on the value
 * read, so a value written meanwhile is never overwritten, and several instances may run
 * the pass at once. After a start-up the pass runs in the background until it has once
 * completed under the current key (remembered in {@code app_secrets}).
 */
@Component
class SealedColumns {

	private static final Logger log = LoggerFactory.getLogger(SealedColumns.class);

	static final String DONE_MARKER = "sealed-columns-key-id";

	private static final int BATCH = 500;

	/** Text columns ({@code sx1:…}) and byte columns, with the key that finds a row. */
	static final List<Column> COLUMNS = List.of(new Column("auth_sessions", "uuid", "telegram_phone", true),
			new Column("projects", "text", "secret_key", true),
			new Column("webhook_deliveries", "uuid", "payload", true),
			new Column("projects", "text", "bot_token_sealed", false),
			new Column("app_secrets", "text", "value", false, "(name like '%-sealed' or name = 'oidc-pairwise-key')"),
			new Column("signing_keys", "text", "jwk_sealed", false));

	private final JdbcTemplate jdbc;

	private final SecretSealer sealer;

	SealedColumns(JdbcTemplate jdbc, SecretSealer sealer) {
		this.jdbc = jdbc;
		this.sealer = sealer;
	}

	@EventListener(ApplicationReadyEvent.class)
	void resealAfterStartUp() {
		String done = this.jdbc
			.query("select value from app_secrets where name = ?", (rs, row) -> new String(rs.getBytes(1)), DONE_MARKER)
			.stream()
			.findFirst()
			.orElse("");
		if (done.equals(this.sealer.currentKeyId())) {
			return;
		}
		Thread.ofVirtual().name("sealed-columns").start(() -> {
			try {
				Report report = reseal();
				if (report.sealed() > 0) {
					log.info("Encrypted {} stored secret(s) under the current encryption key", report.sealed());
				}
				if (report.unreadable() > 0) {
					log.warn("{} stored secret(s) are encrypted with a key that is not configured: add the old key to"
							+ " BONDIFY_ENCRYPTION_PREVIOUS_KEYS (docs/security.md)", report.unreadable());
				}
			}
			catch (RuntimeException ex) {
				log.warn("Encrypting stored secrets under the current key stopped ({}); the next start resumes it",
						ex.getMessage());
			}
		});
	}

	/**
	 * One whole pass over every sealed column; remembers a pass that left nothing behind.
	 */
	Report reseal() {
		String keyId = this.sealer.currentKeyId();
		int sealed = 0;
		int unreadable = 0;
		for (Column column : COLUMNS) {
			String after = column.first();
			while (true) {
				List<Row> rows = this.jdbc.query(column.select(), (rs, n) -> new Row(rs.getString(1), rs.getObject(2)),
						after, BATCH);
				for (Row row : rows) {
					Optional<Object> resealed = reseal(column, row.value());
					if (resealed == null) {
						continue;
					}
					if (resealed.isEmpty()) {
						unreadable++;
						continue;
					}
					sealed += this.jdbc.update(column.update(), resealed.get(), row.key(), row.value());
				}
				if (rows.size() < BATCH) {
					break;
				}
				after = rows.get(rows.size() - 1).key();
			}
		}
		if (unreadable == 0) {
			this.jdbc.update(
					"insert into app_secrets (name, value, created_at) values (?, ?, now())"
							+ " on conflict (name) do update set value = excluded.value",
					DONE_MARKER, keyId.getBytes());
		}
		return new Report(sealed, unreadable);
	}

	/** Null: already current; empty: no configured key opens it; else the new value. */
	private Optional<Object> reseal(Column column, Object value) {
		if (column.text()) {
			String stored = (String) value;
			if (this.sealer.isCurrentText(stored)) {
				return null;
			}
			try {
				return Optional.of(this.sealer.sealText(this.sealer.openText(stored)));
			}
			catch (IllegalStateException ex) {
				return Optional.empty();
			}
		}
		byte[] stored = (byte[]) value;
		if (this.sealer.isCurrent(stored)) {
			return null;
		}
		return this.sealer.open(stored).map(this.sealer::seal);
	}

	/** What a pass did. */
	record Report(int sealed, int unreadable) {
	}

	private record Row(String key, Object value) {
	}

	/**
	 * A column that holds sealed values, in a table whose primary key is {@code id} (or
	 * {@code name}) of {@code keyType}; walked in key order, a batch at a time.
	 */
	record Column(String table, String keyType, String column, boolean text, String where) {

		Column(String table, String keyType, String column, boolean text) {
			this(table, keyType, column, text, "true");
		}

		private String key() {
			return switch (this.table) {
				case "app_secrets" -> "name";
				case "signing_keys" -> "kid";
				default -> "id";
			};
		}

		String first() {
			return this.keyType.equals("uuid") ? "00000000-0000-0000-0000-000000000000" : "";
		}

		String select() {
			return "select " + key() + "::text, " + this.column + " from " + this.table + " where " + this.column
					+ " is not null and " + this.where + " and " + key() + " > cast(? as " + this.keyType
					+ ") order by " + key() + " limit ?";
		}

		String update() {
			return "update " + this.table + " set " + this.column + " = ? where " + key() + " = cast(? as "
					+ this.keyType + ") and " + this.column + " = ?";
		}

	}

}
