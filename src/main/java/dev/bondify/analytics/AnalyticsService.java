package dev.bondify.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.bondify.project.ProjectService;
import dev.bondify.session.SessionExpiry;
import dev.bondify.system.ApiException;
import dev.bondify.system.DeveloperQueryLimits;
import dev.bondify.system.ErrorCode;

/**
 * Reports a developer's sessions over whole UTC days ending today, from the per-day
 * counters that triggers keep on {@code auth_sessions} (migrations V80 and V121). A
 * session counts on the UTC day it was created; "confirmed" means stored status
 * {@code confirmed} or {@code used}.
 */
// "Expired" has no transition (it is derived from time), so it is not counted by the
// triggers: pending = sessions − confirmed − cancelled, and expired = pending − the
// pending sessions still inside their TTL, which exist only within the last TTL and are
// found through the partial index on pending sessions' expires_at. Every figure equals
// the exact aggregate over auth_sessions (AnalyticsRollupsIntegrationTest compares them).
// unique_users is read per project or per developer, never by counting distinct ids
// across a window's rows (1.5 s for 90 days at 2M sessions).
@Service
class AnalyticsService {

	static final int MAX_DAYS = 90;

	/** The counter rows in scope: the developer's projects, optionally one of them. */
	private static final String SCOPE = """
			join projects p on p.id = r.project_id and p.developer_id = :developerId
			  and (cast(:projectId as varchar) is null or p.id = cast(:projectId as varchar))""";

	private static final String DAILY = """
			select r.day, sum(r.sessions) as sessions, sum(r.confirmed) as confirmed, sum(r.cancelled) as cancelled
			from analytics_daily r
			""" + SCOPE + """

			where r.day >= :firstDay and r.day <= :today
			group by r.day""";

	/**
	 * The daily series' unique users and each user's last confirmed day, per project (one
	 * project's report) or per developer (over all of their projects), kept by the
	 * triggers of migration V121, summed over the folded row and the deltas not yet
	 * folded (V175).
	 */
	private static final String PROJECT_DAILY_USERS = """
			select day, sum(users) as users from analytics_daily_unique
			where project_id = :projectId and day >= :firstDay and day <= :today group by day""";

	private static final String DEVELOPER_DAILY_USERS = """
			select day, sum(users) as users from analytics_developer_daily_unique
			where developer_id = :developerId and day >= :firstDay and day <= :today group by day""";

	private static final String PROJECT_LAST_DAYS = """
			from analytics_user_last_day where project_id = :projectId""";

	private static final String DEVELOPER_LAST_DAYS = """
			from analytics_developer_user_last_day where developer_id = :developerId""";

	/** Distinct ids over the window: only needed when rows lie after today. */
	private static final String UNIQUE_USERS = """
			select count(distinct r.telegram_id)
			from analytics_daily_users r
			""" + SCOPE + """

			where r.day >= :firstDay and r.day <= :today""";

	private static final String PENDING_NOT_EXPIRED = """
			select count(*)
			from auth_sessions r
			""" + SCOPE + "\nwhere " + SessionExpiry.livePendingSql("r")
			+ " and r.created_at >= :from and r.created_at < :to";

	private static final String PROJECTS = """
			select id, name from projects where developer_id = :developerId order by created_at desc, id desc""";

	private final NamedParameterJdbcTemplate jdbc;

	private final ProjectService projects;

	private final DeveloperQueryLimits limits;

	private final Clock clock;

	AnalyticsService(NamedParameterJdbcTemplate jdbc, ProjectService projects, DeveloperQueryLimits limits,
			Clock clock) {
		this.jdbc = jdbc;
		this.projects = projects;
		this.limits = limits;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	AnalyticsReport report(String developerId, Integer days, String projectId) {
		int window = (days != null) ? days : 7;
		if (window < 1 || window > MAX_DAYS) {
			throw new ApiException(ErrorCode.INVALID_REQUEST, "days must be an integer from 1 to 90.");
		}
		this.limits.boundCurrentTransaction(this.jdbc.getJdbcOperations());
		if (projectId != null) {
			this.projects.getOwned(developerId, projectId);
		}
		Instant now = this.clock.instant();
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		LocalDate first = today.minusDays(window - 1L);
		MapSqlParameterSource params = new MapSqlParameterSource().addValue("developerId", developerId)
			.addValue("projectId", projectId)
			.addValue("now", utc(now))
			.addValue("firstDay", first)
			.addValue("today", today)
			.addValue("from", startOf(first))
			.addValue("to", startOf(today.plusDays(1)));
		Map<LocalDate, long[]> counters = new HashMap<>();
		this.jdbc.query(DAILY, params, (RowCallbackHandler) (rs) -> counters.put(rs.getObject("day", LocalDate.class),
				new long[] { rs.getLong("sessions"), rs.getLong("confirmed"), rs.getLong("cancelled") }));
		Map<LocalDate, Long> users = new HashMap<>();
		this.jdbc.query((projectId != null) ? PROJECT_DAILY_USERS : DEVELOPER_DAILY_USERS, params,
				(RowCallbackHandler) (rs) -> users.put(rs.getObject("day", LocalDate.class), rs.getLong("users")));
		long total = 0;
		long confirmed = 0;
		long cancelled = 0;
		List<AnalyticsReport.Day> daily = new ArrayList<>(window);
		for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
			long[] c = counters.getOrDefault(day, new long[3]);
			total += c[0];
			confirmed += c[1];
			cancelled += c[2];
			daily.add(new AnalyticsReport.Day(day.toString(), c[0], c[1], users.getOrDefault(day, 0L)));
		}
		long uniqueUsers = uniqueUsers((projectId != null) ? PROJECT_LAST_DAYS : DEVELOPER_LAST_DAYS, today, params);
		long expired = total - confirmed - cancelled - count(PENDING_NOT_EXPIRED, params);
		List<AnalyticsReport.ProjectRef> owned = this.jdbc.query(PROJECTS, params,
				(rs, n) -> new AnalyticsReport.ProjectRef(rs.getString("id"), rs.getString("name")));
		return new AnalyticsReport(total, confirmed, uniqueUsers, rate(confirmed, total), daily,
				new AnalyticsReport.Funnel(total, confirmed, expired, cancelled), owned);
	}

	/**
	 * Users with a confirmed session in the window. A user's last confirmed day is in a
	 * window that ends today exactly when they confirmed within it — unless rows lie
	 * after today (the clock was set back), when the distinct ids are counted instead.
	 */
	private long uniqueUsers(String lastDays, LocalDate today, MapSqlParameterSource params) {
		LocalDate latest = this.jdbc.queryForObject("select max(last_day) " + lastDays, params, LocalDate.class);
		if (latest != null && latest.isAfter(today)) {
			return count(UNIQUE_USERS, params);
		}
		// Bounded by today as well: a confirm after midnight between the two statements
		// is not in this report's window.
		return count("select count(*) " + lastDays + " and last_day >= :firstDay and last_day <= :today", params);
	}

	private long count(String sql, MapSqlParameterSource params) {
		Long count = this.jdbc.queryForObject(sql, params, Long.class);
		return (count != null) ? count : 0;
	}

	/** confirmed / total × 100, one decimal, half up; 0 without sessions. */
	static double rate(long confirmed, long total) {
		if (total == 0) {
			return 0;
		}
		return BigDecimal.valueOf(confirmed * 100L)
			.divide(BigDecimal.valueOf(total), 1, RoundingMode.HALF_UP)
			.doubleValue();
	}

	private static OffsetDateTime startOf(LocalDate day) {
		return day.atStartOfDay().atOffset(ZoneOffset.UTC);
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
