package dev.bondify.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.bondify.project.ProjectService;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * Aggregates a developer's sessions over whole UTC days ending today. A session counts on
 * the UTC day it was created; "confirmed" means the user confirmed it (stored status
 * {@code confirmed} or {@code used}), "expired" means it was still pending when its TTL
 * ran out. Everything is counted by PostgreSQL, using the index on
 * {@code (project_id, created_at)}.
 */
@Service
class AnalyticsService {

	static final Set<Integer> WINDOWS = Set.of(7, 14, 30, 90);

	/**
	 * The sessions in scope: the developer's projects, optionally one of them, within
	 * [from, to).
	 */
	private static final String SCOPE = """
			join projects p on p.id = s.project_id and p.developer_id = :developerId
			  and (cast(:projectId as varchar) is null or p.id = cast(:projectId as varchar))""";

	private static final String TOTALS = """
			select count(*) as total,
			       count(*) filter (where s.status in ('confirmed', 'used')) as confirmed,
			       count(distinct s.telegram_id) filter (where s.status in ('confirmed', 'used')) as unique_users,
			       count(*) filter (where s.status = 'pending' and s.expires_at <= :now) as expired,
			       count(*) filter (where s.status = 'cancelled') as cancelled
			from auth_sessions s
			""" + SCOPE + """

			where s.created_at >= :from and s.created_at < :to""";

	// Days are stepped in hours, not '1 day', so the session's TimeZone setting cannot
	// shift them.
	private static final String DAILY = """
			select d.day, count(s.id) as sessions,
			       count(s.id) filter (where s.status in ('confirmed', 'used')) as confirmed,
			       count(distinct s.telegram_id) filter (where s.status in ('confirmed', 'used')) as unique_users
			from generate_series(cast(:from as timestamptz), cast(:lastDay as timestamptz), interval '24 hours') as d(day)
			left join (auth_sessions s
			"""
			+ SCOPE + """
					) on s.created_at >= d.day and s.created_at < d.day + interval '24 hours'
					group by d.day order by d.day""";

	private static final String PROJECTS = """
			select id, name from projects where developer_id = :developerId order by created_at desc, id desc""";

	private final NamedParameterJdbcTemplate jdbc;

	private final ProjectService projects;

	private final Clock clock;

	AnalyticsService(NamedParameterJdbcTemplate jdbc, ProjectService projects, Clock clock) {
		this.jdbc = jdbc;
		this.projects = projects;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	AnalyticsReport report(String developerId, Integer days, String projectId) {
		int window = (days != null) ? days : 7;
		if (!WINDOWS.contains(window)) {
			throw new ApiException(ErrorCode.INVALID_REQUEST, "days must be one of 7, 14, 30 or 90.");
		}
		if (projectId != null) {
			this.projects.getOwned(developerId, projectId);
		}
		Instant now = this.clock.instant();
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		LocalDate first = today.minusDays(window - 1L);
		MapSqlParameterSource params = new MapSqlParameterSource().addValue("developerId", developerId)
			.addValue("projectId", projectId)
			.addValue("now", utc(now))
			.addValue("from", startOf(first))
			.addValue("lastDay", startOf(today))
			.addValue("to", startOf(today.plusDays(1)));
		Totals totals = this.jdbc.queryForObject(TOTALS, params, (rs, n) -> new Totals(rs.getLong("total"),
				rs.getLong("confirmed"), rs.getLong("unique_users"), rs.getLong("expired"), rs.getLong("cancelled")));
		List<AnalyticsReport.Day> daily = this.jdbc.query(DAILY, params,
				(rs, n) -> new AnalyticsReport.Day(first.plusDays(n).toString(), rs.getLong("sessions"),
						rs.getLong("confirmed"), rs.getLong("unique_users")));
		List<AnalyticsReport.ProjectRef> owned = this.jdbc.query(PROJECTS, params,
				(rs, n) -> new AnalyticsReport.ProjectRef(rs.getString("id"), rs.getString("name")));
		return new AnalyticsReport(totals.total(), totals.confirmed(), totals.uniqueUsers(),
				rate(totals.confirmed(), totals.total()), daily,
				new AnalyticsReport.Funnel(totals.total(), totals.confirmed(), totals.expired(), totals.cancelled()),
				owned);
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

	private record Totals(long total, long confirmed, long uniqueUsers, long expired, long cancelled) {
	}

	private static OffsetDateTime startOf(LocalDate day) {
		return day.atStartOfDay().atOffset(ZoneOffset.UTC);
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
