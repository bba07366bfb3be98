import java.sql.DriverManager;

/** Runs one SQL statement against a JDBC URL (the benchmark's way to create its project without the developer API). */
class Sql {

	public static void main(String[] args) throws Exception {
		try (var connection = DriverManager.getConnection(args[0]); var statement = connection.createStatement()) {
			statement.execute(args[1]);
		}
	}

}
