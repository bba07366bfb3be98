package dev.bondify.system;

/**
 * A failure that maps directly onto the error contract; thrown by services, rendered by
 * {@link ApiExceptionHandler}.
 */
public class ApiException extends RuntimeException {

	private final ErrorCode code;

	private final Long retryAfterSeconds;

	public ApiException(ErrorCode code) {
		this(code, code.defaultMessage());
	}

	public ApiException(ErrorCode code, String message) {
		this(code, message, null);
	}

	private ApiException(ErrorCode code, String message, Long retryAfterSeconds) {
		super(message, null, false, false);
		this.code = code;
		this.retryAfterSeconds = retryAfterSeconds;
	}

	public static ApiException rateLimited(long retryAfterSeconds) {
		return new ApiException(ErrorCode.RATE_LIMITED, ErrorCode.RATE_LIMITED.defaultMessage(),
				Math.max(1, retryAfterSeconds));
	}

	/**
	 * 503 {@code SERVICE_UNAVAILABLE} with its reason, and a {@code Retry-After} when one
	 * is known.
	 */
	public static ApiException serviceUnavailable(String message, Long retryAfterSeconds) {
		return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, message, retryAfterSeconds);
	}

	public ErrorCode code() {
		return this.code;
	}

	/**
	 * Seconds for the {@code Retry-After} header, or {@code null} when not applicable.
	 */
	public Long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
