package dev.bondify.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * The per-day counters are appended as delta rows (V175) and folded in the background:
 * confirms, generates and deletes of one project and day on concurrent connections never
 * wait for one another's rollup row, every figure is the sum of the folded row and the
 * deltas at every moment, and folding changes no figure.
 */
class AnalyticsDeltasIntegrationTest extends IntegrationTest {

	private static final Instant DAY = Instant.parse("2026-03-10T12:00:00Z");

	private static final String CONFIRM = "update auth_sessions set status = 'confirmed', confirmed_at = created_at, "
			+ "telegram_id = ? where id = ? and status = 'pending'";

	@Autowired
	private DataSource dataSource;

	@Autowired
	private AnalyticsFolds folds;

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
	void anOpenConfirmMakesNoOtherConfirmGenerateOrDeleteOfItsProjectAndDayWait() throws SQLException {
		Project project = this.projects.sandbox();
		Connection setup = connection();
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			ids.add(insert(setup, project.getId(), DAY.plusSeconds(i)));
		}
		update(setup, CONFIRM, "41", ids.get(3));
		// The holder confirms a session (a new user of the day) and keeps its transaction
		// open: every row it wrote stays locked until it ends.
		Connection holder = connection();
		holder.setAutoCommit(false);
		update(holder, CONFIRM, "42", ids.get(0));
		// Before V175 the next statements waited on the holder's rows of analytics_daily
		// (same pid shard) or analytics_daily_unique / analytics_developer_daily_unique
		// (one row per day): the statement timeout turns a wait into a failure.
		Connection other = connection();
		other.setAutoCommit(false);
		execute(other, "set local statement_timeout = '3s'");
		update(other, CONFIRM, "43", ids.get(1));
		insert(other, project.getId(), DAY.plusSeconds(30));
		update(other, "update auth_sessions set status = 'cancelled', cancelled_at = created_at where id = ?",
				ids.get(2));
		update(other, "delete from auth_sessions where id = ?", ids.get(3));
		other.commit();
		// A fold meanwhile does not wait for the holder either.
		execute(other, "set local statement_timeout = '3s'");
		foldOn(other);
		other.commit();
		holder.commit();

		assertThat(daySums(project.getId())).containsExactly(4L, 2L, 0L, 1L);
		assertThat(dayUniqueUsers(project.getId())).isEqualTo(2);
		this.folds.drain();
		assertThat(daySums(project.getId())).containsExactly(4L, 2L, 0L, 1L);
		assertThat(dayUniqueUsers(project.getId())).isEqualTo(2);
		assertThat(rows("analytics_daily", project.getId())).isEqualTo(1);
		assertThat(rows("analytics_daily_unique", project.getId())).isEqualTo(1);
	}

	@Test
	void figuresStayExactThroughChangesAndFoldsAndADayEmptiedLeavesNoRow() throws SQLException {
		Project project = this.projects.sandbox();
		Connection one = connection();
		Connection two = connection();
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			ids.add(insert(one, project.getId(), DAY.plusSeconds(i)));
		}
		update(two, CONFIRM, "42", ids.get(0));
		this.folds.drain();
		update(two, "update auth_sessions set status = 'used', used_at = confirmed_at where id = ?", ids.get(0));
		update(one, "update auth_sessions set status = 'cancelled', cancelled_at = created_at where id = ?",
				ids.get(1));
		assertThat(daySums(project.getId())).containsExactly(4L, 1L, 1L, 1L);
		assertThat(dayUniqueUsers(project.getId())).isEqualTo(1);

		update(one, "delete from auth_sessions where id = ?", ids.get(1));
		assertThat(daySums(project.getId())).containsExactly(3L, 1L, 1L, 0L);
		this.folds.drain();
		update(two, "delete from auth_sessions where id = ?", ids.get(0));
		assertThat(daySums(project.getId())).containsExactly(2L, 0L, 0L, 0L);
		assertThat(dayUniqueUsers(project.getId())).isZero();

		// The day's last sessions gone: once folded, none of its rows is left behind.
		update(one, "delete from auth_sessions where project_id = ?", project.getId());
		this.folds.drain();
		assertThat(rows("analytics_daily", project.getId())).isZero();
		assertThat(rows("analytics_daily_unique", project.getId())).isZero();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from analytics_developer_daily_unique where developer_id = ? and shard <> 0",
				Long.class, project.getDeveloperId()))
			.isZero();
	}

	@Test
	void aRolledBackChangeLeavesNoDeltaAndTheProjectListSumsDeltasAndFoldedRows() throws SQLException {
		Project project = this.projects.sandbox();
		Connection one = connection();
		UUID confirmed = insert(one, project.getId(), DAY);
		insert(one, project.getId(), DAY.plusSeconds(1));
		this.folds.drain();
		insert(one, project.getId(), DAY.plus(Duration.ofDays(1)));
		update(one, CONFIRM, "7", confirmed);
		one.setAutoCommit(false);
		insert(one, project.getId(), DAY.plusSeconds(2));
		one.rollback();
		one.setAutoCommit(true);

		List<Object[]> counts = this.projectRepository.countSessions(List.of(project.getId()));
		assertThat(counts).hasSize(1);
		assertThat(((Number) counts.get(0)[1]).longValue()).isEqualTo(3);
		assertThat(((Number) counts.get(0)[2]).longValue()).isEqualTo(1);
	}

	private Connection connection() throws SQLException {
		Connection connection = this.dataSource.getConnection();
		this.opened.add(connection);
		return connection;
	}

	private static void foldOn(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("select analytics_fold(?)")) {
			statement.setInt(1, AnalyticsFolds.BATCH);
			try (var rows = statement.executeQuery()) {
				assertThat(rows.next()).isTrue();
			}
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

	private static void update(Connection connection, String sql, Object... arguments) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < arguments.length; i++) {
				statement.setObject(i + 1, arguments[i]);
			}
			assertThat(statement.executeUpdate()).isPositive();
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/** Sessions, confirmed, used and cancelled of the project's one day. */
	private List<Long> daySums(String projectId) {
		Map<String, Object> row = this.jdbc.queryForMap("""
				select coalesce(sum(sessions), 0)::bigint as s, coalesce(sum(confirmed), 0)::bigint as c,
				       coalesce(sum(used), 0)::bigint as u, coalesce(sum(cancelled), 0)::bigint as x
				from analytics_daily where project_id = ? and day = date '2026-03-10'""", projectId);
		return List.of((Long) row.get("s"), (Long) row.get("c"), (Long) row.get("u"), (Long) row.get("x"));
	}

	private long dayUniqueUsers(String projectId) {
		return this.jdbc.queryForObject("""
				select coalesce(sum(users), 0) from analytics_daily_unique
				where project_id = ? and day = date '2026-03-10'""", Long.class, projectId);
	}

	private long rows(String table, String projectId) {
		return this.jdbc.queryForObject("select count(*) from " + table + " where project_id = ?", Long.class,
				projectId);
	}

}
