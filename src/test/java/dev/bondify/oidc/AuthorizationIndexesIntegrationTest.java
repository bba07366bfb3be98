package dev.bondify.oidc;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.jdbc.core.ConnectionCallback;

import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token indexes of {@code oauth2_authorization} hold only rows that have the token
 * (V192), and the lookups Spring Authorization Server prepares (a parameter, planned
 * generically) still use them.
 */
class AuthorizationIndexesIntegrationTest extends IntegrationTest {

	@ParameterizedTest
	@CsvSource({ "authorization_code_value, oauth2_authorization_code_idx",
			"access_token_value, oauth2_authorization_access_token_idx",
			"user_code_value, oauth2_authorization_user_code_idx",
			"device_code_value, oauth2_authorization_device_code_idx" })
	void aPreparedTokenLookupUsesThePartialIndex(String column, String index) {
		assertThat(this.jdbc.queryForObject("select indexdef from pg_indexes where indexname = ?", String.class, index))
			.endsWith("WHERE (" + column + " IS NOT NULL)");
		List<String> plan = this.jdbc.execute((ConnectionCallback<List<String>>) (connection) -> {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				// Settings local to this transaction; the prepared statement is dropped
				// after.
				statement.execute("set local enable_seqscan = off");
				statement.execute("set local plan_cache_mode = force_generic_plan");
				statement.execute(
						"prepare token_lookup(text) as select id from oauth2_authorization where " + column + " = $1");
				List<String> lines = new ArrayList<>();
				try (ResultSet rows = statement.executeQuery("explain execute token_lookup('sha256:x')")) {
					while (rows.next()) {
						lines.add(rows.getString(1));
					}
				}
				return lines;
			}
			finally {
				connection.rollback();
				connection.setAutoCommit(autoCommit);
				try (Statement statement = connection.createStatement()) {
					statement.execute("deallocate token_lookup");
				}
			}
		});
		assertThat(String.join("\n", plan)).contains(index).doesNotContain("Seq Scan");
	}

}
