package dev.bondify.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.bondify.project.ProjectService;
import dev.bondify.system.ApiException;
import dev.bondify.system.DeveloperQueryLimits;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.IsoTime;

/**
 * The developer's view of sessions: newest first, keyset-paginated on
 * {@code (created_at, id)}, filtered by project and by effective status
 * ({@link SessionExpiry}).
 */
// Bounded at any table size: each project is read through its own index walk (a lateral
// join, at most one page per project), and each status filter is a condition that one of
// the partial indexes of V161 answers (the live pending and confirmed sessions by their
// deadline, expired ones by created_at among the stored pending/confirmed rows, which
// holds only a few live rows to skip). Several statuses are several such reads, merged
// here: an OR of them would leave the planner a bitmap of every used session to sort.
@Service
class SessionListService {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 200;

	/** PostgreSQL's order: {@code uuid} compares as unsigned bytes, unlike Java's. */
	private static final Comparator<Row> NEWEST_FIRST = Comparator.comparing(Row::createdAt)
		.thenComparing((a, b) -> (a.id().getMostSignificantBits() != b.id().getMostSignificantBits())
				? Long.compareUnsigned(a.id().getMostSignificantBits(), b.id().getMostSignificantBits())
				: Long.compareUnsigned(a.id().getLeastSignificantBits(), b.id().getLeastSignificantBits()))
		.reversed();

	private final NamedParameterJdbcTemplate jdbc;

	private final ProjectService projects;

	private final Clock clock;

	private final SessionExpiry expiry;

	private final DeveloperQueryLimits limits;

	SessionListService(NamedParameterJdbcTemplate jdbc, ProjectService projects, Clock clock, SessionExpiry expiry,
			DeveloperQueryLimits limits) {
		this.limits = limits;
		this.jdbc = jdbc;
		this.projects = projects;
		this.clock = clock;
		this.expiry = expiry;
	}

	@Transactional(readOnly = true)
	SessionPage list(String developerId, String projectId, String status, Integer limit, String cursor) {
		int pageSize = (limit != null) ? limit : DEFAULT_LIMIT;
		if (pageSize < 1 || pageSize > MAX_LIMIT) {
			throw new ApiException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and " + MAX_LIMIT + ".");
		}
		List<SessionStatus> wanted = parseStatuses(status);
		SessionCursor after = (cursor != null && !cursor.isEmpty()) ? SessionCursor.decode(cursor) : null;
		if (projectId != null) {
			this.projects.getOwned(developerId, projectId);
		}
		this.limits.boundCurrentTransaction(this.jdbc.getJdbcOperations());
		MapSqlParameterSource params = this.expiry.bind(new MapSqlParameterSource(), this.clock.instant())
			.addValue("developerId", developerId)
			.addValue("projectId", projectId)
			.addValue("limit", pageSize + 1);
		if (after != null) {
			params.addValue("afterCreatedAt", utc(after.createdAt())).addValue("afterId", after.id());
		}
		List<Row> rows = new ArrayList<>();
		if (wanted.isEmpty()) {
			rows.addAll(this.jdbc.query(sql(null, projectId != null, after != null), params, (rs, n) -> row(rs)));
		}
		for (SessionStatus one : wanted) {
			rows.addAll(this.jdbc.query(sql(one, projectId != null, after != null), params, (rs, n) -> row(rs)));
		}
		rows.sort(NEWEST_FIRST);
		boolean more = rows.size() > pageSize;
		List<Row> page = more ? rows.subList(0, pageSize) : rows;
		String next = more
				? new SessionCursor(page.get(page.size() - 1).createdAt, page.get(page.size() - 1).id).encode() : null;
		return new SessionPage(page.stream().map(Row::item).toList(), next);
	}

	/** One page of one status (or of all) over the developer's projects. */
	static String sql(SessionStatus status, boolean oneProject, boolean afterCursor) {
		StringBuilder inner = new StringBuilder(
				"select s.id, s.token_preview, s.status, s.expires_at, s.confirmed_at, s.cancelled_at, s.telegram_id,")
			.append(" s.telegram_name, s.telegram_username, s.created_at, s.source, ")
			.append(SessionExpiry.statusSql("s"))
			.append(" as effective_status from auth_sessions s where s.project_id = p.id");
		if (status != null) {
			inner.append(" and ").append(SessionExpiry.whereStatusSql("s", status));
		}
		if (afterCursor) {
			inner.append(" and (s.created_at, s.id) < (:afterCreatedAt, :afterId)");
		}
		inner.append(" order by s.created_at desc, s.id desc limit :limit");
		return "select x.*, p.id as project_id, p.name as project_name from projects p cross join lateral (" + inner
				+ ") x where p.developer_id = :developerId" + (oneProject ? " and p.id = :projectId" : "")
				+ " order by x.created_at desc, x.id desc limit :limit";
	}

	/**
	 * One status, or several separated by commas ({@code confirmed,used}: everyone who
	 * signed in, as the dashboard's "confirmed" filter shows them).
	 */
	private static List<SessionStatus> parseStatuses(String status) {
		if (status == null || status.isEmpty()) {
			return List.of();
		}
		EnumSet<SessionStatus> wanted = EnumSet.noneOf(SessionStatus.class);
		for (String part : status.split(",", -1)) {
			wanted.add(parseStatus(part));
		}
		return List.copyOf(wanted);
	}

	private static SessionStatus parseStatus(String status) {
		for (SessionStatus candidate : SessionStatus.values()) {
			if (candidate.wire().equals(status)) {
				return candidate;
			}
		}
		throw new ApiException(ErrorCode.INVALID_REQUEST,
				"status must be one of pending, confirmed, cancelled, expired, used (or several, comma-separated).");
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static Row row(ResultSet rs) throws SQLException {
		UUID id = rs.getObject("id", UUID.class);
		Instant createdAt = instant(rs, "created_at");
		String preview = rs.getString("token_preview") + "…";
		SessionItem item = new SessionItem(id.toString(), preview, preview, rs.getString("project_id"),
				rs.getString("project_name"), rs.getString("effective_status"), rs.getString("telegram_id"),
				rs.getString("telegram_name"), rs.getString("telegram_username"), IsoTime.format(createdAt),
				IsoTime.format(instant(rs, "expires_at")), IsoTime.format(instant(rs, "confirmed_at")),
				IsoTime.format(instant(rs, "cancelled_at")), rs.getString("source"));
		return new Row(id, createdAt, item);
	}

	private record Row(UUID id, Instant createdAt, SessionItem item) {
	}

	/**
	 * One session as the developer API shows it; the token itself is never shown again,
	 * only its preview, which {@code session_token} (the field the official Node SDK
	 * reads) repeats. {@code source} says how the identity was obtained
	 * ({@code deeplink}, {@code oidc}, {@code oidc_device}, {@code webapp},
	 * {@code widget}, {@code telegram_oidc}).
	 */
	record SessionItem(String id, String sessionToken, String sessionTokenPreview, String projectId, String projectName,
			String status, String telegramId, String telegramName, String telegramUsername, String createdAt,
			String expiresAt, String confirmedAt, String cancelledAt, String source) {
	}

	/**
	 * {@code {"sessions":[…],"next_cursor":…}}; {@code next_cursor} is null on the last
	 * page.
	 */
	record SessionPage(List<SessionItem> sessions, String nextCursor) {
	}

}
