package dev.bondify.analytics;

import java.util.List;

/**
 * The body of {@code GET /api/v1/dev/analytics}, field for field as the contract lists
 * it.
 */
record AnalyticsReport(long totalSessions, long confirmedSessions, long uniqueUsers, double conversionRate,
		List<Day> daily, Funnel funnel, List<ProjectRef> projects) {

	/**
	 * One UTC day: sessions created that day, how many of them were confirmed, distinct
	 * confirming users.
	 */
	record Day(String date, long sessions, long confirmed, long uniqueUsers) {
	}

	/**
	 * Requested, then where they ended up (pending sessions are in {@code requested}
	 * only).
	 */
	record Funnel(long requested, long confirmed, long expired, long cancelled) {
	}

	/** {@code {"id","name"}} of one of the developer's projects. */
	record ProjectRef(String id, String name) {
	}

}
