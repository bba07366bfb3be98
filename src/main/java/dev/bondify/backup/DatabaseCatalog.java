package dev.bondify.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a backup covers, read from the database itself: every table of the current schema
 * (but Flyway's history) in foreign-key order, its columns, the sequences and the schema
 * version; so tables added by later migrations are covered without a change here.
 */
final class DatabaseCatalog {

	static final String HISTORY = "flyway_schema_history";

	private static final String TABLES = """
			select c.relname from pg_class c
			where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
			  and not c.relispartition and c.relname <> ?
			order by c.relname""";

	private static final String REFERENCES = """
			select c.relname, r.relname from pg_constraint k
			join pg_class c on c.oid = k.conrelid
			join pg_class r on r.oid = k.confrelid
			where k.contype = 'f' and c.relnamespace = current_schema()::regnamespace""";

	private static final String COLUMNS = """
			select a.attname from pg_attribute a
			where a.attrelid = (quote_ident(current_schema()) || '.' || quote_ident(?))::regclass
			  and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
			order by a.attnum""";

	private static final String SEQUENCES = """
			select c.relname from pg_class c
			where c.relnamespace = current_schema()::regnamespace and c.relkind = 'S'
			order by c.relname""";

	private static final String VERSION = """
			select version from %s where success and version is not null
			order by installed_rank desc limit 1""".formatted(HISTORY);

	private DatabaseCatalog() {
	}

	/** The last migration applied, e.g. {@code 131}. */
	static String schemaVersion(Connection connection) throws SQLException, BackupException {
		try (PreparedStatement statement = connection.prepareStatement(VERSION);
				ResultSet rows = statement.executeQuery()) {
			if (!rows.next()) {
				throw new BackupException("The database has no Bondify migration applied yet; start the service "
						+ "once against it first.");
			}
			return rows.getString(1);
		}
		catch (SQLException ex) {
			if ("42P01".equals(ex.getSQLState())) {
				throw new BackupException("The database has no Bondify schema (no " + HISTORY + " table).", ex);
			}
			throw ex;
		}
	}

	/**
	 * The tables, each after every table it references, so rows can be loaded in this
	 * order with the foreign keys checked.
	 */
	static List<String> tablesInDependencyOrder(Connection connection) throws SQLException, BackupException {
		Set<String> tables = new LinkedHashSet<>(strings(connection, TABLES, HISTORY));
		Map<String, Set<String>> references = new TreeMap<>();
		try (PreparedStatement statement = connection.prepareStatement(REFERENCES);
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				String table = rows.getString(1);
				String referenced = rows.getString(2);
				if (!table.equals(referenced)) {
					references.computeIfAbsent(table, (key) -> new LinkedHashSet<>()).add(referenced);
				}
			}
		}
		List<String> ordered = new ArrayList<>();
		Set<String> visiting = new LinkedHashSet<>();
		for (String table : tables) {
			visit(table, tables, references, visiting, ordered);
		}
		return ordered;
	}

	private static void visit(String table, Set<String> tables, Map<String, Set<String>> references,
			Set<String> visiting, List<String> ordered) throws BackupException {
		if (ordered.contains(table) || !tables.contains(table)) {
			return;
		}
		if (!visiting.add(table)) {
			throw new BackupException("The tables " + visiting + " reference each other in a cycle, "
					+ "which a table-by-table copy cannot load; use pg_dump for this database.");
		}
		for (String referenced : references.getOrDefault(table, Set.of())) {
			visit(referenced, tables, references, visiting, ordered);
		}
		visiting.remove(table);
		ordered.add(table);
	}

	/** The columns a {@code COPY} writes and reads (generated columns left out). */
	static List<String> columns(Connection connection, String table) throws SQLException {
		return strings(connection, COLUMNS, table);
	}

	static List<String> sequences(Connection connection) throws SQLException {
		return strings(connection, SEQUENCES, null);
	}

	/** Every sequence's position as {@code last_value,is_called}. */
	static Map<String, String> sequencePositions(Connection connection) throws SQLException {
		Map<String, String> positions = new LinkedHashMap<>();
		for (String sequence : sequences(connection)) {
			try (PreparedStatement statement = connection
				.prepareStatement("select last_value, is_called from " + quote(sequence));
					ResultSet rows = statement.executeQuery()) {
				rows.next();
				positions.put(sequence, rows.getLong(1) + "," + rows.getBoolean(2));
			}
		}
		return positions;
	}

	static String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

	static String columnList(List<String> columns) {
		return String.join(", ", columns.stream().map(DatabaseCatalog::quote).toList());
	}

	private static List<String> strings(Connection connection, String sql, String parameter) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			if (parameter != null) {
				statement.setString(1, parameter);
			}
			List<String> result = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					result.add(rows.getString(1));
				}
			}
			return result;
		}
	}

}
