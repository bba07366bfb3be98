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
		ErrorCode code = ErrorCode.forStatus(status);
		return this.writer.entity(code, code.defaultMessage(), null);
	}

}
