package dev.bondify.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
 * {@code (created_at, id)}, filtered by project and by effective status (expiry derived
 * in SQL exactly as {@link AuthSession#effectiveStatus}).
 */
@Service
class SessionListService {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 200;

	private static final String EFFECTIVE_STATUS = """
			case when s.status = 'pending' and s.expires_at <= :now then 'expired'
			     when s.status = 'confirmed' and s.confirmed_at <= :confirmedBefore then 'expired'
			     else s.status end""";

	private final NamedParameterJdbcTemplate jdbc;

	private final ProjectService projects;

	private final Clock clock;

	private final Duration proofTtl;

	private final DeveloperQueryLimits limits;

	SessionListService(NamedParameterJdbcTemplate jdbc, ProjectService projects, Clock clock,
			SessionProperties properties, DeveloperQueryLimits limits) {
		this.limits = limits;
		this.jdbc = jdbc;
		this.projects = projects;
		this.clock = clock;
		this.proofTtl = properties.proofTtl();
	}

	@Transactional(readOnly = true)
	SessionPage list(String developerId, String projectId, String status, Integer limit, String cursor) {
		int pageSize = (limit != null) ? limit : DEFAULT_LIMIT;
		if (pageSize < 1 || pageSize > MAX_LIMIT) {
			throw new ApiException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and " + MAX_LIMIT + ".");
		}
		List<String> wanted = parseStatuses(status);
		SessionCursor after = (cursor != null && !cursor.isEmpty()) ? SessionCursor.decode(cursor) : null;
		if (projectId != null) {
			this.projects.getOwned(developerId, projectId);
		}
		// A selective filter may walk far back through the index: bounded like analytics.
		this.limits.boundCurrentTransaction(this.jdbc.getJdbcOperations());
		Instant now = this.clock.instant();
		MapSqlParameterSource params = new MapSqlParameterSource().addValue("developerId", developerId)
			.addValue("now", utc(now))
			.addValue("confirmedBefore", utc(now.minus(this.proofTtl)))
			.addValue("limit", pageSize + 1);
		StringBuilder sql = new StringBuilder("select s.id, s.token_preview, s.project_id, p.name as project_name, ")
			.append(EFFECTIVE_STATUS)
			.append(" as effective_status, s.telegram_id, s.telegram_name, s.telegram_username, s.created_at,")
			.append(" s.expires_at, s.confirmed_at, s.cancelled_at, s.source")
			.append(" from auth_sessions s join projects p on p.id = s.project_id where p.developer_id = :developerId");
		if (projectId != null) {
			sql.append(" and s.project_id = :projectId");
			params.addValue("projectId", projectId);
		}
		if (!wanted.isEmpty()) {
			sql.append(" and (").append(EFFECTIVE_STATUS).append(") in (:statuses)");
			params.addValue("statuses", wanted);
		}
		if (after != null) {
			sql.append(" and (s.created_at, s.id) < (:afterCreatedAt, :afterId)");
			params.addValue("afterCreatedAt", utc(after.createdAt())).addValue("afterId", after.id());
		}
		sql.append(" order by s.created_at desc, s.id desc limit :limit");
		List<Row> rows = this.jdbc.query(sql.toString(), params, (rs, n) -> row(rs));
		boolean more = rows.size() > pageSize;
		List<Row> page = more ? rows.subList(0, pageSize) : rows;
		String next = more
				? new SessionCursor(page.get(page.size() - 1).createdAt, page.get(page.size() - 1).id).encode() : null;
		return new SessionPage(page.stream().map(Row::item).toList(), next);
	}

	/**
	 * One status, or several separated by commas ({@code confirmed,used}: everyone who
	 * signed in, as the dashboard's "confirmed" filter shows them).
	 */
	private static List<String> parseStatuses(String status) {
		if (status == null || status.isEmpty()) {
			return List.of();
		}
		List<String> wanted = new ArrayList<>();
		for (String part : status.split(",", -1)) {
			wanted.add(parseStatus(part).wire());
		}
		return wanted;
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
