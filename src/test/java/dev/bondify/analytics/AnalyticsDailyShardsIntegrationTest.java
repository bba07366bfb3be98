package dev.bondify.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-day counters are spread over shards (V130): sessions of one project and day
 * written by concurrent connections do not wait for each other's commit, and every figure
 * stays the sum over the day's shards through inserts, status changes and deletes made on
 * other connections than the one that counted the session.
 */
class AnalyticsDailyShardsIntegrationTest extends IntegrationTest {

	private static final Instant DAY = Instant.parse("2026-03-10T12:00:00Z");

	@Autowired
	private DataSource dataSource;

	private final List<Connection> opened = new ArrayList<>();

	@AfterEach
	void closeConnections() throws SQLException {
		for (Connection connection : this.opened) {
			if (!connection.getAutoCommit()) {
				connection.rollback();
				connection.setAutoCommit(true);
			}
			connection.close();
		}
	}

	@Test
	void insertsOfOneProjectAndDayOnTwoConnectionsDoNotWaitForEachOthersCommit() throws SQLException {
		Project project = this.projects.sandbox();
		List<Connection> two = connectionsOnDifferentShards(2);
		Connection holder = two.get(0);
		Connection other = two.get(1);
		holder.setAutoCommit(false);
		insert(holder, project.getId(), DAY);
		// Before V130 this insert waited on the holder's row lock until the holder ended:
		// the statement timeout turns that wait into a failure instead of a hang.
		other.setAutoCommit(false);
		execute(other, "set local statement_timeout = '5s'");
		insert(other, project.getId(), DAY.plusSeconds(60));
		other.commit();
		holder.commit();

		assertThat(daySums(project.getId())).containsExactly(2L, 0L, 0L, 0L);
		assertThat(this.jdbc.queryForObject("select count(*) from analytics_daily where project_id = ?", Long.class,
				project.getId()))
			.isEqualTo(2);
	}

	@Test
	void figuresStayTheSumOverShardsWhenChangesRunOnOtherConnections() throws SQLException {
		Project project = this.projects.sandbox();
		List<Connection> three = connectionsOnDifferentShards(3);
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			ids.add(insert(three.get(0), project.getId(), DAY.plusSeconds(i)));
		}
		// Counted in other shards than the inserts: the shard rows themselves go
		// negative or hold a confirm without its session.
		update(three.get(1), "update auth_sessions set status = 'confirmed', confirmed_at = created_at, "
				+ "telegram_id = '42' where id = ?", ids.get(0));
		update(three.get(2), "update auth_sessions set status = 'used', used_at = confirmed_at where id = ?",
				ids.get(0));
		update(three.get(2), "update auth_sessions set status = 'cancelled', cancelled_at = created_at where id = ?",
				ids.get(1));
		assertThat(daySums(project.getId())).containsExactly(4L, 1L, 1L, 1L);
		assertThat(dayUsers(project.getId())).isEqualTo(1);

		update(three.get(1), "delete from auth_sessions where id = ?", ids.get(1));
		assertThat(daySums(project.getId())).containsExactly(3L, 1L, 1L, 0L);
		update(three.get(2), "delete from auth_sessions where id = ?", ids.get(0));
		assertThat(daySums(project.getId())).containsExactly(2L, 0L, 0L, 0L);
		assertThat(dayUsers(project.getId())).isZero();

		// The day's last sessions gone: none of its shard rows is left behind.
		update(three.get(1), "delete from auth_sessions where project_id = ?", project.getId());
		assertThat(this.jdbc.queryForObject("select count(*) from analytics_daily where project_id = ?", Long.class,
				project.getId()))
			.isZero();
	}

	@Test
	void theProjectListSumsTheShards() throws SQLException {
		Project project = this.projects.sandbox();
		List<Connection> two = connectionsOnDifferentShards(2);
		UUID confirmed = insert(two.get(0), project.getId(), DAY);
		insert(two.get(1), project.getId(), DAY.plusSeconds(1));
		insert(two.get(1), project.getId(), DAY.plus(Duration.ofDays(1)));
		update(two.get(1), "update auth_sessions set status = 'confirmed', confirmed_at = created_at, "
				+ "telegram_id = '7' where id = ?", confirmed);

		List<Object[]> counts = this.projectRepository.countSessions(List.of(project.getId()));
		assertThat(counts).hasSize(1);
		assertThat(((Number) counts.get(0)[1]).longValue()).isEqualTo(3);
		assertThat(((Number) counts.get(0)[2]).longValue()).isEqualTo(1);
	}

	/**
	 * Pooled connections whose backends write different shards (the shard is the backend
	 * pid modulo 16).
	 */
	private List<Connection> connectionsOnDifferentShards(int count) throws SQLException {
		List<Connection> chosen = new ArrayList<>();
		List<Long> shards = new ArrayList<>();
		for (int attempt = 0; attempt < 12 && chosen.size() < count; attempt++) {
			Connection connection = this.dataSource.getConnection();
			this.opened.add(connection);
			long shard = shardOf(connection);
			if (!shards.contains(shard)) {
				shards.add(shard);
				chosen.add(connection);
			}
		}
		assertThat(chosen).as("pooled connections on distinct shards").hasSize(count);
		return chosen;
	}

	private static long shardOf(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select analytics_shard()")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static UUID insert(Connection connection, String projectId, Instant createdAt) throws SQLException {
		UUID id = UUID.randomUUID();
		try (PreparedStatement statement = connection.prepareStatement("""
				insert into auth_sessions (id, token_hash, token_preview, project_id, status, created_at, expires_at)
				values (?, sha256(convert_to(?, 'UTF8')), 'sess_xxxxxxx', ?, 'pending', ?, ?)""")) {
			statement.setObject(1, id);
			statement.setString(2, id.toString());
			statement.setString(3, projectId);
			statement.setTimestamp(4, Timestamp.from(createdAt));
			statement.setTimestamp(5, Timestamp.from(createdAt.plus(Duration.ofMinutes(10))));
			statement.executeUpdate();
		}
		return id;
	}

	private static void update(Connection connection, String sql, Object argument) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setObject(1, argument);
			assertThat(statement.executeUpdate()).isPositive();
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/** Sessions, confirmed, used and cancelled of the project's one day, over shards. */
	private List<Long> daySums(String projectId) {
		Map<String, Object> row = this.jdbc.queryForMap("""
				select sum(sessions)::bigint as s, sum(confirmed)::bigint as c, sum(used)::bigint as u,
				       sum(cancelled)::bigint as x
				from analytics_daily where project_id = ? and day = date '2026-03-10'""", projectId);
		return List.of((Long) row.get("s"), (Long) row.get("c"), (Long) row.get("u"), (Long) row.get("x"));
	}

	private long dayUsers(String projectId) {
		Long users = this.jdbc.queryForObject(
				"select count(*) from analytics_daily_users where project_id = ? and day = date '2026-03-10'",
				Long.class, projectId);
		return (users != null) ? users : 0;
	}

}
