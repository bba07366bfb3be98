package dev.bondify.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces the container's error page: whatever fails outside Spring MVC (a filter,
 * Tomcat itself) still answers with the JSON error contract, never HTML.
 */
@RestController
class JsonErrorController implements ErrorController {

	private final ErrorResponseWriter writer;

	JsonErrorController(ErrorResponseWriter writer) {
		this.writer = writer;
	}

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ErrorBody> error(HttpServletRequest request) {
		Object attribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int status = (attribute instanceof Integer value) ? value : HttpStatus.NOT_FOUND.value();
		ErrorCode code = switch (status) {
			case 400 -> ErrorCode.INVALID_REQUEST;
			case 401 -> ErrorCode.UNAUTHORIZED;
			case 404 -> ErrorCode.NOT_FOUND;
			case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
			case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
			case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
			case 429 -> ErrorCode.RATE_LIMITED;
			case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
			default -> (status >= 400 && status < 500) ? ErrorCode.INVALID_REQUEST : ErrorCode.INTERNAL_ERROR;
		};
		return this.writer.entity(code, code.defaultMessage(), null);
	}

}
