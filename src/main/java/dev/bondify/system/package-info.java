/**
 * Cross-cutting concerns: the JSON error contract, client IPs, rate limits, tokens, JSON,
 * encryption and database failures (admission lives in {@code access}).
 */
package dev.bondify.system;
