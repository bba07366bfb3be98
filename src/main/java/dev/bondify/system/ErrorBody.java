package dev.bondify.system;

/**
 * The JSON body of every error response: {@code {"error": "...", "code": "..."}}.
 */
public record ErrorBody(String error, String code) {

	public static ErrorBody of(ErrorCode code, String message) {
		return new ErrorBody(message, code.name());
	}

}
