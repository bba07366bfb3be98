package dev.bondify.session;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bondify.project.Project;
import dev.bondify.support.IntegrationTest;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.RandomTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Generate's inserts are autocommitted statements (one row, or a group commit's batch):
 * the rows are committed when they return, the relaxed commit does not stay on the pooled
 * connection, and a project deleted since it was read is a 404, not a 500.
 */
class SessionInsertsIntegrationTest extends IntegrationTest {

	@Autowired
	private DataSource dataSource;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Test
	void insertCommitsAtOnceAndLeavesTheConnectionDurable() throws Exception {
		Project project = this.projects.sandbox();
		try (Connection connection = this.dataSource.getConnection()) {
			JdbcTemplate one = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
			SessionInserts.NewSession session = newSession(project.getId());
			SessionInserts inserts = new SessionInserts(one, new SimpleMeterRegistry());
			inserts.close();
			inserts.insertWithoutDurableCommit(session);

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
	void aBatchIsOneStatementWithEveryColumnAndLeavesTheConnectionDurable() throws Exception {
		Project project = this.projects.sandbox();
		SessionInserts.NewSession full = newSession(project.getId());
		SessionInserts.NewSession bare = new SessionInserts.NewSession(UUID.randomUUID(),
				RandomTokens.sha256("sess_bare" + UUID.randomUUID()), "sess_bare123", RandomTokens.sha256("bare"),
				new byte[] { 9 }, project.getId(), full.createdAt().plusMillis(1), full.expiresAt().plusMillis(1),
				new RequestSource(null, null, null));
		try (Connection connection = this.dataSource.getConnection()) {
			JdbcTemplate one = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
			SessionInserts inserts = new SessionInserts(one, new SimpleMeterRegistry());
			inserts.close();
			inserts.insertAllWithoutDurableCommit(java.util.List.of(full, bare));

			assertThat(connection.getAutoCommit()).isTrue();
			assertThat(one.queryForObject("show synchronous_commit", String.class)).isEqualTo("on");
		}
		Map<String, Object> row = this.jdbc.queryForMap("select status, token_hash, link_code_hash, token_sealed, "
				+ "token_preview, created_at, expires_at, origin, client_ip, user_agent from auth_sessions where id = ?",
				full.id());
		assertThat(row).containsEntry("status", "pending")
			.containsEntry("token_preview", "sess_abcdefg")
			.containsEntry("origin", "https://app.example")
			.containsEntry("client_ip", "203.0.113.9")
			.containsEntry("user_agent", "agent/1");
		assertThat((byte[]) row.get("token_hash")).isEqualTo(full.tokenHash());
		assertThat((byte[]) row.get("link_code_hash")).isEqualTo(full.linkCodeHash());
		assertThat((byte[]) row.get("token_sealed")).isEqualTo(full.tokenSealed());
		assertThat(((Timestamp) row.get("created_at")).toInstant()).isEqualTo(full.createdAt());
		assertThat(((Timestamp) row.get("expires_at")).toInstant()).isEqualTo(full.expiresAt());
		Map<String, Object> other = this.jdbc.queryForMap(
				"select token_sealed, created_at, origin, client_ip, user_agent from auth_sessions where id = ?",
				bare.id());
		assertThat(other).containsEntry("origin", null)
			.containsEntry("client_ip", null)
			.containsEntry("user_agent", null);
		assertThat((byte[]) other.get("token_sealed")).containsExactly(9);
		assertThat(((Timestamp) other.get("created_at")).toInstant()).isEqualTo(bare.createdAt());
	}

	@Test
	void aBatchWithADeletedProjectWritesNothing() {
		Project project = this.projects.sandbox();
		SessionInserts inserts = new SessionInserts(this.jdbc, new SimpleMeterRegistry());
		inserts.close();
		SessionInserts.NewSession good = newSession(project.getId());
		assertThatExceptionOfType(org.springframework.dao.DataIntegrityViolationException.class)
			.isThrownBy(() -> inserts.insertAllWithoutDurableCommit(java.util.List.of(good, newSession("proj_gone"))));
		assertThat(this.jdbc.queryForObject("select count(*) from auth_sessions where id = ?", Long.class, good.id()))
			.isZero();
	}

	@Test
	void aProjectDeletedAfterItWasReadIsProjectNotFound() {
		SessionInserts inserts = new SessionInserts(this.jdbc, new SimpleMeterRegistry());
		inserts.close();
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> inserts.insertWithoutDurableCommit(newSession("proj_deletedjustnow")))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ErrorCode.PROJECT_NOT_FOUND));
	}

	@Test
	void aSessionIsCountedOnceCommittedNotWhenItsTransactionRollsBack() {
		Project project = this.projects.sandbox();
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		SessionInserts inserts = new SessionInserts(this.jdbc, registry);
		try {
			inserts.insertGrouped(newSession(project.getId()));
			assertThat(registry.get("bondify.sessions.generated").counter().count()).isEqualTo(1);

			TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);
			SessionInserts.NewSession rolledBack = newSession(project.getId());
			transaction.executeWithoutResult(status -> {
				inserts.insertGrouped(rolledBack);
				// Not yet: the caller's transaction decides.
				assertThat(registry.get("bondify.sessions.generated").counter().count()).isEqualTo(1);
				status.setRollbackOnly();
			});
			assertThat(registry.get("bondify.sessions.generated").counter().count()).isEqualTo(1);
			assertThat(this.jdbc.queryForObject("select count(*) from auth_sessions where id = ?", Long.class,
					rolledBack.id()))
				.isZero();

			transaction.executeWithoutResult(status -> inserts.insertGrouped(newSession(project.getId())));
			assertThat(registry.get("bondify.sessions.generated").counter().count()).isEqualTo(2);
		}
		finally {
			inserts.close();
		}
	}

	private SessionInserts.NewSession newSession(String projectId) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		String token = "sess_abcdefg" + UUID.randomUUID();
		return new SessionInserts.NewSession(UUID.randomUUID(), RandomTokens.sha256(token), token.substring(0, 12),
				RandomTokens.sha256("code" + token), new byte[] { 1, 2, 3 }, projectId, now,
				now.plus(Duration.ofMinutes(10)), new RequestSource("https://app.example", "203.0.113.9", "agent/1"));
	}

}
