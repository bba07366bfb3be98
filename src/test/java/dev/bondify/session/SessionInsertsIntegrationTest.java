package dev.bondify.session;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.bondify.project.Project;
import dev.bondify.support.IntegrationTest;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.RandomTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Generate's insert is one autocommitted statement: the row is committed when it returns,
 * the relaxed commit does not stay on the pooled connection, and a project deleted since
 * it was read is a 404, not a 500.
 */
class SessionInsertsIntegrationTest extends IntegrationTest {

	@Autowired
	private DataSource dataSource;

	@Test
	void insertCommitsAtOnceAndLeavesTheConnectionDurable() throws Exception {
		Project project = this.projects.sandbox();
		try (Connection connection = this.dataSource.getConnection()) {
			JdbcTemplate one = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
			SessionInserts.NewSession session = newSession(project.getId());
			new SessionInserts(one).insertWithoutDurableCommit(session);

			assertThat(connection.getAutoCommit()).isTrue();
			assertThat(one.queryForObject("show synchronous_commit", String.class)).isEqualTo("on");
			// Another connection sees it: nothing is left to commit.
			Map<String, Object> row = this.jdbc.queryForMap(
					"select status, project_id, token_preview, created_at, expires_at, origin, client_ip, user_agent "
							+ "from auth_sessions where id = ?",
					session.id());
			assertThat(row).containsEntry("status", "pending")
				.containsEntry("project_id", project.getId())
				.containsEntry("token_preview", "sess_abcdefg")
				.containsEntry("origin", "https://app.example")
				.containsEntry("client_ip", "203.0.113.9")
				.containsEntry("user_agent", "agent/1");
			assertThat(((Timestamp) row.get("created_at")).toInstant()).isEqualTo(session.createdAt());
			assertThat(((Timestamp) row.get("expires_at")).toInstant()).isEqualTo(session.expiresAt());
		}
	}

	@Test
	void aProjectDeletedAfterItWasReadIsProjectNotFound() {
		SessionInserts inserts = new SessionInserts(this.jdbc);
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> inserts.insertWithoutDurableCommit(newSession("proj_deletedjustnow")))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ErrorCode.PROJECT_NOT_FOUND));
	}

	private SessionInserts.NewSession newSession(String projectId) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		String token = "sess_abcdefg" + UUID.randomUUID();
		return new SessionInserts.NewSession(UUID.randomUUID(), RandomTokens.sha256(token), token.substring(0, 12),
				RandomTokens.sha256("code" + token), new byte[] { 1, 2, 3 }, projectId, now,
				now.plus(Duration.ofMinutes(10)), new RequestSource("https://app.example", "203.0.113.9", "agent/1"));
	}

}
