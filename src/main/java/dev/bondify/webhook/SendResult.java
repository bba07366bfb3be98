package dev.bondify.webhook;

import java.time.Instant;

/**
 * What one HTTP attempt gave: the status code (null when no response came) or an error
 * sentence, its duration and when it started.
 *
 * @param httpStatus the response status, or null without a response
 * @param error why the attempt failed, null on success
 * @param durationMs wall time of the attempt
 * @param attemptedAt when the attempt started
 */
record SendResult(Integer httpStatus, String error, long durationMs, Instant attemptedAt) {

	boolean success() {
		return this.httpStatus != null && this.httpStatus >= 200 && this.httpStatus < 300;
	}

}
