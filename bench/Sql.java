import java.sql.DriverManager;

/**
 * Runs one SQL statement against a JDBC URL (the benchmark's way to create its project without the developer API);
 * a query's rows are printed, one line each, columns separated by a space.
 */
class Sql {

	public static void main(String[] args) throws Exception {
		try (var connection = DriverManager.getConnection(args[0]); var statement = connection.createStatement()) {
			if (statement.execute(args[1])) {
				try (var rows = statement.getResultSet()) {
					int columns = rows.getMetaData().getColumnCount();
					while (rows.next()) {
						var line = new StringBuilder();
						for (int i = 1; i <= columns; i++) {
							line.append((i > 1) ? " " : "").append(rows.getString(i));
						}
						System.out.println(line);
					}
				}
			}
		}
	}

}
