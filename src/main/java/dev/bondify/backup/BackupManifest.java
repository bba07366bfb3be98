package dev.bondify.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The first thing a restore reads: the file format, the schema version the data belongs
 * to, and per table (in load order) its columns and row count; plus every sequence's
 * position.
 *
 * @param schemaVersion the last migration applied when the backup was taken
 * @param createdAt when it was taken (ISO-8601)
 * @param tables table name to its columns and rows, in load order
 * @param sequences sequence name to {@code last_value,is_called}
 */
record BackupManifest(String schemaVersion, String createdAt, Map<String, Table> tables,
		Map<String, String> sequences) {

	static final String ENTRY = "manifest.properties";

	static final String FORMAT = "bondify-backup-1";

	/** One table's columns (as copied) and how many rows were copied. */
	record Table(List<String> columns, long rows) {
	}

	static String dataEntry(int index, String table) {
		return "data/%03d-%s.copy".formatted(index, table);
	}

	long rows() {
		return this.tables.values().stream().mapToLong(Table::rows).sum();
	}

	void write(OutputStream out) throws IOException {
		StringBuilder text = new StringBuilder();
		text.append("# A Bondify backup: restore it with java -jar bondify.jar restore <file>\n");
		line(text, "format", FORMAT);
		line(text, "schema_version", this.schemaVersion);
		line(text, "created_at", this.createdAt);
		line(text, "tables", String.join(",", this.tables.keySet()));
		this.tables.forEach((name, table) -> {
			line(text, "table." + name + ".columns", String.join(",", table.columns()));
			line(text, "table." + name + ".rows", Long.toString(table.rows()));
		});
		line(text, "sequences", String.join(",", this.sequences.keySet()));
		this.sequences.forEach((name, position) -> line(text, "sequence." + name, position));
		out.write(text.toString().getBytes(StandardCharsets.UTF_8));
	}

	private static void line(StringBuilder text, String key, String value) {
		// Through Properties, so a name with a special character is escaped as it will
		// be read.
		Properties one = new Properties();
		one.setProperty(key, value);
		StringWriter written = new StringWriter();
		try {
			one.store(written, null);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		written.toString().lines().filter((l) -> !l.startsWith("#")).forEach((l) -> text.append(l).append('\n'));
	}

	static BackupManifest read(InputStream in) throws IOException, BackupException {
		Properties properties = new Properties();
		properties.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
		if (!FORMAT.equals(properties.getProperty("format"))) {
			throw new BackupException("The file is not a Bondify backup of a format this version reads (format "
					+ properties.getProperty("format") + ", expected " + FORMAT + ").");
		}
		Map<String, Table> tables = new LinkedHashMap<>();
		for (String name : list(properties.getProperty("tables"))) {
			List<String> columns = list(properties.getProperty("table." + name + ".columns"));
			String rows = properties.getProperty("table." + name + ".rows");
			if (columns.isEmpty() || rows == null || !rows.matches("[0-9]{1,18}")) {
				throw new BackupException("The backup's manifest is damaged (table " + name + ").");
			}
			tables.put(name, new Table(columns, Long.parseLong(rows)));
		}
		Map<String, String> sequences = new LinkedHashMap<>();
		for (String name : list(properties.getProperty("sequences"))) {
			String position = properties.getProperty("sequence." + name, "");
			if (!position.matches("-?[0-9]{1,19},(true|false)")) {
				throw new BackupException("The backup's manifest is damaged (sequence " + name + ").");
			}
			sequences.put(name, position);
		}
		String version = properties.getProperty("schema_version");
		if (version == null || tables.isEmpty()) {
			throw new BackupException("The backup's manifest is damaged (no schema version or no tables).");
		}
		return new BackupManifest(version, properties.getProperty("created_at", "?"), tables, sequences);
	}

	private static List<String> list(String value) {
		List<String> items = new ArrayList<>();
		if (value != null && !value.isBlank()) {
			for (String item : value.split(",")) {
				items.add(item.strip());
			}
		}
		return items;
	}

}
