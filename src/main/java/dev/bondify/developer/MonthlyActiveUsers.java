package dev.bondify.developer;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Counts a developer's monthly active users: distinct Telegram ids that confirmed a
 * sign-in in any of the developer's projects during the current UTC calendar month.
 */
@Component
class MonthlyActiveUsers {

	// One query: the developer's projects by their index, then for each an index-only
	// range
	// scan of (project_id, confirmed_at) that carries telegram_id (V70). confirmed_at is
	// set
	// exactly for confirmed sessions, whatever happened to them afterwards (used,
	// expired).
	static final String COUNT = """
			select count(distinct s.telegram_id) from projects p
			join auth_sessions s on s.project_id = p.id
			where p.developer_id = ? and s.confirmed_at >= ? and s.confirmed_at < ?""";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	MonthlyActiveUsers(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	long thisMonth(String developerId) {
		YearMonth month = YearMonth.from(this.clock.instant().atZone(ZoneOffset.UTC));
		Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		Long count = this.jdbc.queryForObject(COUNT, Long.class, developerId, Timestamp.from(from), Timestamp.from(to));
		return (count != null) ? count : 0;
	}

}
