package dev.bondify.analytics;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bondify.session.TestPurges;
import dev.bondify.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployment that already holds sessions when migration V121 arrives gets unique-user
 * counts equal to a recount over its sessions, and they stay so as sessions change
 * afterwards.
 */
class AnalyticsUpgradeTest {

	private static final String CONFIRMED = "from auth_sessions s join projects p on p.id = s.project_id "
			+ "where s.status in ('confirmed', 'used') and s.telegram_id is not null ";

	private final String database = "upgrade_" + UUID.randomUUID().toString().replace("-", "");

	private TestDatabase.Connection server;

	private JdbcTemplate jdbc;

	private Flyway flyway;

	@BeforeEach
	void createDatabase() throws SQLException {
		this.server = TestDatabase.get();
		execute(this.server.url(), "create database " + this.database);
		String url = this.server.url().replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + this.database);
		DriverManagerDataSource dataSource = new DriverManagerDataSource(url, this.server.username(),
				this.server.password());
		this.jdbc = new JdbcTemplate(dataSource);
		this.flyway = Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration")
			.target("120")
			.load();
	}

	@AfterEach
	void dropDatabase() throws SQLException {
		execute(this.server.url(), "drop database if exists " + this.database + " with (force)");
	}

	@Test
	void existingSessionsAreCountedAndLaterChangesKeepTheCountsExact() {
		this.flyway.migrate();
		for (String developer : List.of("dev_a", "dev_b")) {
			this.jdbc.update("insert into developers (id, email, password_hash, created_at) values (?, ?, 'x', now())",
					developer, developer + "@example.com");
			for (int i = 0; i < 3; i++) {
				this.jdbc.update("""
						insert into projects (id, developer_id, name, secret_key, secret_key_hash, created_at)
						values (?, ?, 'P', ?, sha256(convert_to(?, 'UTF8')), now())""", developer + "_p" + i, developer,
						"sk_" + developer + i, "sk_" + developer + i);
			}
		}
		// 3,000 sessions over 40 days and 6 projects of 2 developers; 30 users, so most
		// users confirmed in several projects and on several days.
		this.jdbc
			.update("""
					insert into auth_sessions (id, token_hash, token_preview, project_id, status, created_at, expires_at,
					                           telegram_id)
					select gen_random_uuid(), sha256(convert_to('s' || i, 'UTF8')), 'sess_x',
					       (array['dev_a', 'dev_b'])[1 + i % 2] || '_p' || (i / 2) % 3, st,
					       now() - (i % 40) * interval '1 day' - (i % 7) * interval '1 hour',
					       now() - (i % 40) * interval '1 day' + interval '10 minutes',
					       case when st in ('confirmed', 'used') then (1000 + (i * 7) % 30)::text end
					from generate_series(1, 3000) as i
					cross join lateral (select (array['pending', 'confirmed', 'used', 'cancelled', 'used'])[1 + i % 5] as st) s""");

		Flyway.configure().configuration(this.flyway.getConfiguration()).target("latest").load().migrate();
		assertCountsMatchSessions();

		// After the upgrade the triggers keep them: a retention batch, a use, a project
		// delete.
		this.jdbc.update("delete from auth_sessions where created_at < now() - interval '25 days'");
		this.jdbc
			.update("update auth_sessions set status = 'used' where status = 'confirmed' and project_id = 'dev_a_p0'");
		this.jdbc.update("delete from projects where id = 'dev_b_p1'");
		// A deleted project's sessions and rollups go in background batches.
		TestPurges.drain(this.jdbc);
		assertCountsMatchSessions();
	}

	private void assertCountsMatchSessions() {
		// The counts of V121's tables are folded rows plus deltas (V175): folded, one row
		// per day.
		if (this.jdbc.queryForObject("select count(*) from pg_proc where proname = 'analytics_fold'", Long.class) > 0) {
			new AnalyticsFolds(this.jdbc,
					new TransactionTemplate(new DataSourceTransactionManager(this.jdbc.getDataSource())))
				.drain();
		}
		assertSame("select project_id, day, users from analytics_daily_unique order by 1, 2",
				"select s.project_id, (s.created_at at time zone 'UTC')::date as day, count(distinct s.telegram_id) "
						+ "as users " + CONFIRMED + "group by 1, 2 order by 1, 2");
		assertSame("select project_id, telegram_id, last_day from analytics_user_last_day order by 1, 2",
				"select s.project_id, s.telegram_id, max((s.created_at at time zone 'UTC')::date) as last_day "
						+ CONFIRMED + "group by 1, 2 order by 1, 2");
		assertSame("select developer_id, day, users from analytics_developer_daily_unique order by 1, 2",
				"select p.developer_id, (s.created_at at time zone 'UTC')::date as day, "
						+ "count(distinct s.telegram_id) as users " + CONFIRMED + "group by 1, 2 order by 1, 2");
		assertSame("select developer_id, telegram_id, last_day from analytics_developer_user_last_day order by 1, 2",
				"select p.developer_id, s.telegram_id, max((s.created_at at time zone 'UTC')::date) as last_day "
						+ CONFIRMED + "group by 1, 2 order by 1, 2");
	}

	private void assertSame(String counted, String recounted) {
		List<Map<String, Object>> expected = this.jdbc.queryForList(recounted);
		assertThat(this.jdbc.queryForList(counted)).as(counted).hasSizeGreaterThan(10).isEqualTo(expected);
	}

	private void execute(String url, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, this.server.username(), this.server.password());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
