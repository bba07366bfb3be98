/**
 * Sign-in analytics for developers: totals, a daily series, the funnel and unique users,
 * read from per-day counters that the database keeps as sessions change.
 */
package dev.bondify.analytics;
