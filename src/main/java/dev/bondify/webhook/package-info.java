/**
 * Outbound webhooks: the outbox written with each confirm / cancel, the signed and
 * retried delivery to the project's {@code webhook_url}, the SSRF guard on that URL and
 * the developer's delivery log.
 */
package dev.bondify.webhook;
