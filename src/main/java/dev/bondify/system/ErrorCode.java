package dev.bondify.system;

import org.springframework.http.HttpStatus;

/**
 * The stable machine codes of the error contract, each with its HTTP status and a default
 * sentence.
 */
public enum ErrorCode {

	INVALID_REQUEST(HttpStatus.BAD_REQUEST, "The request is invalid."),
	UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "Missing or invalid credentials."),
	FORBIDDEN(HttpStatus.FORBIDDEN, "This request is not allowed."),
	PROJECT_INACTIVE(HttpStatus.FORBIDDEN, "This project is paused and does not accept new sign-ins."),
	PUBLIC_ACCESS_DISABLED(HttpStatus.FORBIDDEN,
			"Public access is disabled for this project; call the endpoint with the secret key."),
	ORIGIN_NOT_ALLOWED(HttpStatus.FORBIDDEN, "This origin is not allowed for this project."),
	PROJECT_NOT_FOUND(HttpStatus.NOT_FOUND, "Project not found."),
	SESSION_NOT_FOUND(HttpStatus.NOT_FOUND, "Session not found."), NOT_FOUND(HttpStatus.NOT_FOUND, "Not found."),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "This method is not allowed on this path."),
	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "None of the media types in the Accept header can be produced here."),
	EMAIL_TAKEN(HttpStatus.CONFLICT, "This email is already registered."),
	PROOF_ALREADY_USED(HttpStatus.CONFLICT, "This proof has already been used."),
	DATA_ALREADY_USED(HttpStatus.CONFLICT, "This Telegram sign-in data has already been exchanged; sign in again."),
	CONFLICT(HttpStatus.CONFLICT, "The request conflicts with a change that finished first; retry it."),
	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "The request body is too large."),
	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The request body must be JSON (application/json)."),
	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests; retry later."),
	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred."),
	SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The service is temporarily unavailable; retry shortly.");

	private final HttpStatus status;

	private final String defaultMessage;

	ErrorCode(HttpStatus status, String defaultMessage) {
		this.status = status;
		this.defaultMessage = defaultMessage;
	}

	/**
	 * The code for a bare status set by a layer that knows no code (Tomcat, a servlet's
	 * {@code sendError}): a method Tomcat does not implement is a method not allowed, an
	 * unknown client error a bad request.
	 */
	public static ErrorCode forStatus(int status) {
		return switch (status) {
			case 400, 505 -> INVALID_REQUEST;
			case 401 -> UNAUTHORIZED;
			case 403 -> FORBIDDEN;
			case 404 -> NOT_FOUND;
			case 405, 501 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 413 -> PAYLOAD_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 429 -> RATE_LIMITED;
			case 503 -> SERVICE_UNAVAILABLE;
			default -> (status >= 400 && status < 500) ? INVALID_REQUEST : INTERNAL_ERROR;
		};
	}

	public HttpStatus status() {
		return this.status;
	}

	public String defaultMessage() {
		return this.defaultMessage;
	}

}
