package dev.bondify.webhook;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One attempt as the developer API shows it.
 *
 * @param deliveryId the {@code X-Bondify-Delivery} id, the same on every attempt of one
 * event
 * @param event {@code auth.confirmed}, {@code auth.cancelled} or {@code ping}
 * @param attempt 1 for the first attempt, 2 for the first retry, …
 * @param success whether this attempt got a 2xx answer
 * @param httpStatus the answer's status, null when none came
 * @param error why the attempt failed when there is no status to tell (or a redirect),
 * else null
 * @param durationMs how long the attempt took
 * @param attemptedAt when it started, ISO-8601 UTC
 * @param state where the delivery stands now: {@code pending} (a retry is due),
 * {@code delivered} or {@code failed} (given up)
 */
record WebhookAttemptResponse(String deliveryId, String event, int attempt, boolean success, Integer httpStatus,
		String error, long durationMs, String attemptedAt, String state) {

	private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	static WebhookAttemptResponse of(WebhookDelivery delivery, WebhookAttempt attempt) {
		return new WebhookAttemptResponse(delivery.getId().toString(), delivery.getEvent(), attempt.getAttempt(),
				isSuccess(attempt.getHttpStatus()), attempt.getHttpStatus(), attempt.getError(),
				attempt.getDurationMs(), format(attempt.getAttemptedAt()), delivery.getState());
	}

	static WebhookAttemptResponse of(WebhookDelivery delivery, int attempt, SendResult result) {
		return new WebhookAttemptResponse(delivery.getId().toString(), delivery.getEvent(), attempt, result.success(),
				result.httpStatus(), result.error(), result.durationMs(), format(result.attemptedAt()),
				delivery.getState());
	}

	private static boolean isSuccess(Integer status) {
		return status != null && status >= 200 && status < 300;
	}

	static String format(Instant instant) {
		return ISO_MILLIS.format(instant);
	}

}
