/**
 * Sign-in analytics for developers: totals, a daily series, the funnel and unique users,
 * computed in SQL.
 */
package dev.bondify.analytics;
