/**
 * Cross-cutting concerns: the JSON error contract, security, CORS, body limits, client
 * IPs, rate limits and tokens.
 */
package dev.bondify.system;
