package dev.bondify.analytics;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import dev.bondify.support.IntegrationTest;
import dev.bondify.support.SessionRows;
import dev.bondify.support.TestDatabase;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The analytics read from the trigger-kept counters give exactly what the aggregate over
 * {@code auth_sessions} gives, on a randomised data set that went through every kind of
 * change: bulk and single inserts, confirm, use, cancel, retention deletes and a project
 * delete.
 */
class AnalyticsRollupsIntegrationTest extends IntegrationTest {

	private static final Instant NOW = Instant.parse("2026-05-20T09:30:00Z");

	private static final Duration TTL = Duration.ofMinutes(10);

	private static final String SCOPE = """
			join projects p on p.id = s.project_id and p.developer_id = :developerId
			  and (cast(:projectId as varchar) is null or p.id = cast(:projectId as varchar))""";

	/** The exact aggregate analytics answered with before the counters existed. */
	private static final String EXACT_TOTALS = """
			select count(*) as total,
			       count(*) filter (where s.status in ('confirmed', 'used')) as confirmed,
			       count(distinct s.telegram_id) filter (where s.status in ('confirmed', 'used')) as unique_users,
			       count(*) filter (where s.status = 'pending' and s.expires_at <= :now) as expired,
			       count(*) filter (where s.status = 'cancelled') as cancelled
			from auth_sessions s
			""" + SCOPE + """

			where s.created_at >= :from and s.created_at < :to""";

	private static final String EXACT_DAILY = """
			select d.day, count(s.id) as sessions,
			       count(s.id) filter (where s.status in ('confirmed', 'used')) as confirmed,
			       count(distinct s.telegram_id) filter (where s.status in ('confirmed', 'used')) as unique_users
			from generate_series(cast(:from as timestamptz), cast(:lastDay as timestamptz), interval '24 hours') as d(day)
			left join (auth_sessions s
			"""
			+ SCOPE + """
					) on s.created_at >= d.day and s.created_at < d.day + interval '24 hours'
					group by d.day order by d.day""";

	private static final String[] STATUSES = { "pending", "confirmed", "used", "cancelled" };

	@Autowired
	private AnalyticsService analytics;

	@Autowired
	private NamedParameterJdbcTemplate named;

	@Autowired
	private AnalyticsFolds folds;

	private final Random random = new Random(20261201L);

	@Test
	void countersEqualTheExactAggregateOnARandomisedDataSet() {
		this.clock.set(NOW.minus(Duration.ofHours(1)));
		List<Developer> developers = List.of(this.developers.register(), this.developers.register(),
				this.developers.register());
		List<String> projectIds = new ArrayList<>();
		Map<String, Developer> owners = new java.util.HashMap<>();
		for (Developer developer : developers) {
			for (int i = 0; i < 3; i++) {
				String id = this.developers.createProject(developer, "{\"name\":\"P" + i + "\"}").field("id");
				projectIds.add(id);
				owners.put(id, developer);
			}
		}
		this.clock.set(NOW);
		for (String projectId : projectIds) {
			bulkInsert(projectId, 120);
			SessionRows single = new SessionRows(this.jdbc);
			for (int i = 0; i < 15; i++) {
				single.insert(projectId, "pending", randomCreatedAt(), null, null, null);
			}
		}
		changeSomeSessions(projectIds);
		// Retention-like batch delete across projects, and a whole project deleted
		// through
		// the API (its sessions and counters go with it).
		this.jdbc.update("delete from auth_sessions where created_at < ? and project_id <> ?",
				Timestamp.from(NOW.minus(Duration.ofDays(60))), projectIds.get(0));
		this.jdbc.update("delete from auth_sessions where id in (select id from auth_sessions where project_id = ? "
				+ "order by id limit 20)", projectIds.get(1));
		String deleted = projectIds.remove(projectIds.size() - 1);
		assertThat(
				this.api.method("DELETE", "/api/v1/dev/projects/" + deleted, null, owners.get(deleted).auth()).status())
			.isEqualTo(200);
		// The developer's per-user counters lose the project's users once the background
		// purge has taken its rows.
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.queryForObject("select count(*) from project_purges where project_id = ?",
					Long.class, deleted) == 0);

		assertCountersMatchSessions(projectIds, deleted);
		for (Instant at : List.of(NOW, NOW.plus(Duration.ofMinutes(4)), NOW.plus(TTL), NOW.plus(Duration.ofDays(1)),
				NOW.minus(Duration.ofDays(20)))) {
			this.clock.set(at);
			for (int days : new int[] { 1, 2, 7, 30, 61, 90 }) {
				for (Developer developer : developers) {
					assertSameReport(developer, days, null, at);
				}
				for (String projectId : projectIds) {
					assertSameReport(owners.get(projectId), days, projectId, at);
				}
			}
		}
	}

	/**
	 * A retention delete that takes out a user's only earlier day while a confirm gives
	 * the same user a new day leaves the user's last day at the new day, in the project
	 * and in the developer's counts: the delete waits for the confirm and then sees it.
	 */
	@Test
	void aDeleteRacingAConfirmOfTheSameUserKeepsTheUsersLastDay() throws Exception {
		Developer developer = this.developers.register();
		String projectId = this.developers.createProject(developer, "{\"name\":\"Race\"}").field("id");
		String insert = """
				insert into auth_sessions (id, token_hash, token_preview, project_id, status, created_at, expires_at,
				  confirmed_at, telegram_id)
				values (?, sha256(convert_to(?, 'UTF8')), 'sess_xxxxxxx', ?, 'confirmed', now() - ?::interval,
				  now() - ?::interval + interval '10 minutes', now() - ?::interval, '4242')""";
		UUID old = UUID.randomUUID();
		this.jdbc.update(insert, old, old.toString(), projectId, "40 days", "40 days", "40 days");
		TestDatabase.Connection db = TestDatabase.get();
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try (Connection confirm = DriverManager.getConnection(db.url(), db.username(), db.password())) {
			confirm.setAutoCommit(false);
			try (PreparedStatement statement = confirm.prepareStatement(insert)) {
				UUID fresh = UUID.randomUUID();
				statement.setObject(1, fresh);
				statement.setString(2, fresh.toString());
				statement.setString(3, projectId);
				for (int i = 4; i <= 6; i++) {
					statement.setString(i, "0 seconds");
				}
				statement.executeUpdate();
			}
			// The confirm now holds the user's last-day rows until it commits.
			Future<Integer> retention = executor
				.submit(() -> this.jdbc.update("delete from auth_sessions where id = ?", old));
			await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnALock("delete from auth_sessions"));
			confirm.commit();
			assertThat(retention.get(30, TimeUnit.SECONDS)).isEqualTo(1);
		}
		finally {
			executor.shutdownNow();
		}
		LocalDate today = this.jdbc.queryForObject("select (now() at time zone 'UTC')::date", LocalDate.class);
		assertThat(this.jdbc.queryForObject(
				"select last_day from analytics_user_last_day where project_id = ? and telegram_id = '4242'",
				LocalDate.class, projectId))
			.isEqualTo(today);
		assertThat(this.jdbc.queryForObject(
				"select last_day from analytics_developer_user_last_day where developer_id = ? and telegram_id = '4242'",
				LocalDate.class, developer.id()))
			.isEqualTo(today);
		assertUniqueUserCountsMatchSessions(new String[] { projectId });
	}

	private boolean waitingOnALock(String query) {
		Long waiting = this.jdbc.queryForObject(
				"select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like ?", Long.class,
				query + "%");
		return waiting != null && waiting > 0;
	}

	private void assertSameReport(Developer developer, int days, String projectId, Instant now) {
		AnalyticsReport fromCounters = this.analytics.report(developer.id(), days, projectId);
		AnalyticsReport exact = exact(developer.id(), days, projectId, now);
		assertThat(fromCounters).as("days=%d project=%s at %s", days, projectId, now).isEqualTo(exact);
	}

	private AnalyticsReport exact(String developerId, int days, String projectId, Instant now) {
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		LocalDate first = today.minusDays(days - 1L);
		MapSqlParameterSource params = new MapSqlParameterSource().addValue("developerId", developerId)
			.addValue("projectId", projectId)
			.addValue("now", now.atOffset(ZoneOffset.UTC))
			.addValue("from", startOf(first))
			.addValue("lastDay", startOf(today))
			.addValue("to", startOf(today.plusDays(1)));
		long[] totals = this.named.queryForObject(EXACT_TOTALS, params, (rs, n) -> new long[] { rs.getLong("total"),
				rs.getLong("confirmed"), rs.getLong("unique_users"), rs.getLong("expired"), rs.getLong("cancelled") });
		List<AnalyticsReport.Day> daily = this.named.query(EXACT_DAILY, params,
				(rs, n) -> new AnalyticsReport.Day(first.plusDays(n).toString(), rs.getLong("sessions"),
						rs.getLong("confirmed"), rs.getLong("unique_users")));
		List<AnalyticsReport.ProjectRef> owned = this.named.query(
				"select id, name from projects where developer_id = :developerId order by created_at desc, id desc",
				params, (rs, n) -> new AnalyticsReport.ProjectRef(rs.getString("id"), rs.getString("name")));
		return new AnalyticsReport(totals[0], totals[1], totals[2], AnalyticsService.rate(totals[1], totals[0]), daily,
				new AnalyticsReport.Funnel(totals[0], totals[1], totals[3], totals[4]), owned);
	}

	private void assertCountersMatchSessions(List<String> projectIds, String deletedProject) {
		String[] ids = projectIds.toArray(String[]::new);
		String summed = """
				select project_id, day, sum(sessions)::bigint as sessions, sum(confirmed)::bigint as confirmed,
				       sum(used)::bigint as used, sum(cancelled)::bigint as cancelled
				from analytics_daily where project_id = any(?) group by 1, 2 %s order by 1, 2""";
		// Before folding, a day whose sessions are all gone may still have rows that sum
		// to
		// nothing (V175); once folded it has none.
		List<Map<String, Object>> unfolded = this.jdbc.queryForList(summed.formatted("having sum(sessions) <> 0"),
				(Object) ids);
		this.folds.drain();
		List<Map<String, Object>> counters = this.jdbc.queryForList(summed.formatted(""), (Object) ids);
		List<Map<String, Object>> recount = this.jdbc.queryForList("""
				select project_id, (created_at at time zone 'UTC')::date as day, count(*) as sessions,
				       count(*) filter (where status in ('confirmed', 'used')) as confirmed,
				       count(*) filter (where status = 'used') as used,
				       count(*) filter (where status = 'cancelled') as cancelled
				from auth_sessions where project_id = any(?) group by 1, 2 order by 1, 2""", (Object) ids);
		assertThat(counters).isNotEmpty().isEqualTo(recount);
		assertThat(unfolded).isEqualTo(recount);
		List<Map<String, Object>> users = this.jdbc.queryForList("""
				select project_id, day, telegram_id, sessions from analytics_daily_users
				where project_id = any(?) order by 1, 2, 3""", (Object) ids);
		List<Map<String, Object>> userRecount = this.jdbc.queryForList("""
				select project_id, (created_at at time zone 'UTC')::date as day, telegram_id, count(*) as sessions
				from auth_sessions where project_id = any(?) and status in ('confirmed', 'used')
				group by 1, 2, 3 order by 1, 2, 3""", (Object) ids);
		assertThat(users).isNotEmpty().isEqualTo(userRecount);
		assertUniqueUserCountsMatchSessions(ids);
		assertThat(this.jdbc.queryForObject("select count(*) from analytics_daily where project_id = ?", Long.class,
				deletedProject))
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from analytics_daily_users where project_id = ?",
				Long.class, deletedProject))
			.isZero();
	}

	/**
	 * The per-day unique users and last confirmed days, per project and per developer
	 * (the developers of the given projects), against a recount over
	 * {@code auth_sessions}.
	 */
	private void assertUniqueUserCountsMatchSessions(String[] ids) {
		String confirmed = "from auth_sessions s join projects p on p.id = s.project_id "
				+ "where s.status in ('confirmed', 'used') and s.telegram_id is not null and ";
		String developers = "p.developer_id in (select developer_id from projects where id = any(?))";
		String projectUsers = "select s.project_id, (s.created_at at time zone 'UTC')::date as day, "
				+ "count(distinct s.telegram_id) as users " + confirmed
				+ "s.project_id = any(?) group by 1, 2 order by 1, 2";
		// Before folding: the folded rows plus the deltas (V175) are the exact figures.
		assertThat(this.jdbc.queryForList("select project_id, day, sum(users)::bigint as users "
				+ "from analytics_daily_unique where project_id = any(?) group by 1, 2 having sum(users) <> 0 "
				+ "order by 1, 2", (Object) ids))
			.isNotEmpty()
			.isEqualTo(this.jdbc.queryForList(projectUsers, (Object) ids));
		// After folding: one row per day, and no day left without users.
		this.folds.drain();
		assertThat(this.jdbc.queryForList(
				"select project_id, day, users from analytics_daily_unique where project_id = any(?) order by 1, 2",
				(Object) ids))
			.isNotEmpty()
			.isEqualTo(this.jdbc.queryForList("select s.project_id, (s.created_at at time zone 'UTC')::date as day, "
					+ "count(distinct s.telegram_id) as users " + confirmed
					+ "s.project_id = any(?) group by 1, 2 order by 1, 2", (Object) ids));
		assertThat(this.jdbc.queryForList("select project_id, telegram_id, last_day from analytics_user_last_day "
				+ "where project_id = any(?) order by 1, 2", (Object) ids))
			.isNotEmpty()
			.isEqualTo(this.jdbc.queryForList(
					"select s.project_id, s.telegram_id, " + "max((s.created_at at time zone 'UTC')::date) as last_day "
							+ confirmed + "s.project_id = any(?) group by 1, 2 order by 1, 2",
					(Object) ids));
		assertThat(this.jdbc.queryForList(
				"select developer_id, day, users from analytics_developer_daily_unique "
						+ "where developer_id in (select developer_id from projects where id = any(?)) order by 1, 2",
				(Object) ids))
			.isNotEmpty()
			.isEqualTo(this.jdbc.queryForList("select p.developer_id, (s.created_at at time zone 'UTC')::date as day, "
					+ "count(distinct s.telegram_id) as users " + confirmed + developers
					+ " group by 1, 2 order by 1, 2", (Object) ids));
		assertThat(this.jdbc.queryForList(
				"select developer_id, telegram_id, last_day " + "from analytics_developer_user_last_day "
						+ "where developer_id in (select developer_id from projects where id = any(?)) order by 1, 2",
				(Object) ids))
			.isNotEmpty()
			.isEqualTo(this.jdbc.queryForList("select p.developer_id, s.telegram_id, "
					+ "max((s.created_at at time zone 'UTC')::date) as last_day " + confirmed + developers
					+ " group by 1, 2 order by 1, 2", (Object) ids));
	}

	/** One multi-row INSERT, as a bulk load would do it: the statement trigger's path. */
	private void bulkInsert(String projectId, int count) {
		StringBuilder sql = new StringBuilder("""
				insert into auth_sessions (id, token_hash, token_preview, project_id, status, created_at, expires_at,
				  confirmed_at, cancelled_at, used_at, telegram_id) values """);
		List<Object> args = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Instant created = randomCreatedAt();
			String status = STATUSES[this.random.nextInt(STATUSES.length)];
			boolean confirmed = status.equals("confirmed") || status.equals("used");
			sql.append((i > 0) ? ", " : "")
				.append("(?, sha256(convert_to(?, 'UTF8')), 'sess_xxxxxxx', ?, ?, ?, ?, ?, ?, ?, ?)");
			args.add(UUID.randomUUID());
			args.add(UUID.randomUUID().toString());
			args.add(projectId);
			args.add(status);
			args.add(Timestamp.from(created));
			args.add(Timestamp.from(created.plus(TTL)));
			args.add(confirmed ? Timestamp.from(created.plusSeconds(20)) : null);
			args.add(status.equals("cancelled") ? Timestamp.from(created.plusSeconds(20)) : null);
			args.add(status.equals("used") ? Timestamp.from(created.plusSeconds(25)) : null);
			args.add(confirmed ? randomUser() : null);
		}
		this.jdbc.update(sql.toString(), args.toArray());
	}

	/**
	 * Confirms, uses and cancels a random share of sessions with the service's kind of
	 * statements.
	 */
	private void changeSomeSessions(List<String> projectIds) {
		List<Map<String, Object>> pending = this.jdbc.queryForList(
				"select id, created_at from auth_sessions where status = 'pending' and project_id = any(?)",
				(Object) projectIds.toArray(String[]::new));
		for (Map<String, Object> row : pending) {
			int dice = this.random.nextInt(4);
			Object id = row.get("id");
			if (dice == 0) {
				this.jdbc.update("update auth_sessions set bound_telegram_id = 7 where id = ? and status = 'pending'",
						id);
				this.jdbc.update(
						"""
								update auth_sessions set status = 'confirmed', confirmed_at = created_at + interval '30 seconds',
								  telegram_id = ? where id = ? and status = 'pending'""",
						randomUser(), id);
				if (this.random.nextBoolean()) {
					this.jdbc.update("update auth_sessions set status = 'used', used_at = confirmed_at where id = ? "
							+ "and status = 'confirmed'", id);
				}
			}
			else if (dice == 1) {
				this.jdbc.update("""
						update auth_sessions set status = 'cancelled', cancelled_at = created_at + interval '30 seconds'
						where id = ? and status = 'pending'""", id);
			}
		}
	}

	/**
	 * Spread over 100 days before NOW, with a share within the last TTL so that some
	 * pending sessions are still alive.
	 */
	private Instant randomCreatedAt() {
		if (this.random.nextInt(5) == 0) {
			return NOW.minusSeconds(this.random.nextInt((int) TTL.toSeconds() + 120) - 60);
		}
		return NOW.minusSeconds(this.random.nextLong(Duration.ofDays(100).toSeconds()));
	}

	private String randomUser() {
		return Integer.toString(1000 + this.random.nextInt(25));
	}

	private static OffsetDateTime startOf(LocalDate day) {
		return day.atStartOfDay().atOffset(ZoneOffset.UTC);
	}

}
