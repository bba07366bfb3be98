package dev.bondify.system;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.catalina.connector.ClientAbortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every exception that reaches Spring MVC onto the error contract; nothing else
 * renders errors for controllers.
 */
@RestControllerAdvice
class ApiExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private final ErrorResponseWriter writer;

	ApiExceptionHandler(ErrorResponseWriter writer) {
		this.writer = writer;
	}

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ErrorBody> api(ApiException ex) {
		return this.writer.entity(ex.code(), ex.getMessage(), ex.retryAfterSeconds());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException ex) {
		if (causedBy(ex, BodyTooLargeException.class)) {
			return error(ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.PAYLOAD_TOO_LARGE.defaultMessage());
		}
		if (ex.getMessage() != null && ex.getMessage().contains(TextRules.MESSAGE)) {
			return error(ErrorCode.INVALID_REQUEST, TextRules.MESSAGE);
		}
		return error(ErrorCode.INVALID_REQUEST,
				"The request body must be a JSON object with fields of the right types.");
	}

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ResponseEntity<ErrorBody> invalid(MethodArgumentNotValidException ex) {
		FieldError field = ex.getBindingResult().getFieldError();
		String message = (field != null)
				? jsonName(ex.getBindingResult().getTarget(), field.getField()) + " " + field.getDefaultMessage() + "."
				: "The request body is invalid.";
		return error(ErrorCode.INVALID_REQUEST, message);
	}

	@ExceptionHandler({ HandlerMethodValidationException.class, MissingServletRequestParameterException.class,
			MethodArgumentTypeMismatchException.class, MissingRequestHeaderException.class })
	ResponseEntity<ErrorBody> badParameter(Exception ex) {
		return error(ErrorCode.INVALID_REQUEST, "A request parameter is missing or invalid.");
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ErrorBody> method(HttpRequestMethodNotSupportedException ex) {
		ResponseEntity<ErrorBody> response = error(ErrorCode.METHOD_NOT_ALLOWED,
				"Method " + ex.getMethod() + " is not allowed on this path.");
		if (ex.getSupportedHttpMethods() == null || ex.getSupportedHttpMethods().isEmpty()) {
			return response;
		}
		return ResponseEntity.status(response.getStatusCode())
			.headers(response.getHeaders())
			.allow(ex.getSupportedHttpMethods().toArray(HttpMethod[]::new))
			.body(response.getBody());
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ErrorBody> mediaType(HttpMediaTypeNotSupportedException ex) {
		return error(ErrorCode.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNSUPPORTED_MEDIA_TYPE.defaultMessage());
	}

	/**
	 * The error body is JSON whatever the client accepts: its content type is set on the
	 * entity, so no negotiation (which would fail again) happens for it.
	 */
	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ResponseEntity<ErrorBody> notAcceptable(HttpMediaTypeNotAcceptableException ex) {
		return error(ErrorCode.NOT_ACCEPTABLE, ErrorCode.NOT_ACCEPTABLE.defaultMessage());
	}

	@ExceptionHandler(MultipartException.class)
	ResponseEntity<ErrorBody> multipart(MultipartException ex) {
		return error(ErrorCode.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNSUPPORTED_MEDIA_TYPE.defaultMessage());
	}

	@ExceptionHandler({ NoResourceFoundException.class, NoHandlerFoundException.class })
	ResponseEntity<ErrorBody> notFound(Exception ex) {
		return error(ErrorCode.NOT_FOUND, "No such endpoint.");
	}

	@ExceptionHandler({ DataAccessResourceFailureException.class, CannotCreateTransactionException.class })
	ResponseEntity<ErrorBody> databaseDown(Exception ex) {
		return api(DatabaseFailures.answer(ex));
	}

	/**
	 * A statement ran past its timeout (a developer query's statement_timeout): the
	 * database is there, so this is no outage and is not folded into the outage summary.
	 */
	@ExceptionHandler(QueryTimeoutException.class)
	ResponseEntity<ErrorBody> queryTimeout(QueryTimeoutException ex) {
		return api(DatabaseFailures.answerTimedOut(ex));
	}

	/**
	 * The client went away while the answer was written: nothing to answer and nothing
	 * wrong here, so no ERROR line and no stack trace (one debug line).
	 */
	@ExceptionHandler({ AsyncRequestNotUsableException.class, ClientAbortException.class })
	ResponseEntity<ErrorBody> clientGone(Exception ex) {
		log.debug("Client disconnected before the answer was written: {}", ex.getMessage());
		return null;
	}

	/**
	 * Spring Security's firewall refusing a header that code read: a client error, never
	 * a 500 (the header filter of {@code access} refuses such headers first).
	 */
	@ExceptionHandler(org.springframework.security.web.firewall.RequestRejectedException.class)
	ResponseEntity<ErrorBody> rejected(Exception ex) {
		return error(ErrorCode.INVALID_REQUEST, "The request path or a header is not acceptable.");
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ErrorBody> unexpected(Exception ex) {
		if (DatabaseFailures.isUnavailable(ex)) {
			return databaseDown(ex);
		}
		if (causedBy(ex, ClientAbortException.class) || causedBy(ex, AsyncRequestNotUsableException.class)) {
			return clientGone(ex);
		}
		log.error("Unexpected error", ex);
		return error(ErrorCode.INTERNAL_ERROR, ErrorCode.INTERNAL_ERROR.defaultMessage());
	}

	private ResponseEntity<ErrorBody> error(ErrorCode code, String message) {
		return this.writer.entity(code, message, null);
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable t = ex; t != null; t = (t.getCause() == t) ? null : t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The field's name as the client wrote it: its {@code @JsonProperty} when it has one
	 * (e.g. {@code wait} for {@code waitSeconds}), otherwise the snake_case of the Java
	 * name, which is the API's naming strategy.
	 */
	static String jsonName(Object target, String field) {
		if (target != null && !field.contains(".") && !field.contains("[")) {
			try {
				JsonProperty property = target.getClass().getDeclaredField(field).getAnnotation(JsonProperty.class);
				if (property != null && !property.value().isEmpty()) {
					return property.value();
				}
			}
			catch (NoSuchFieldException ex) {
				// a property without a field of that name: the naming strategy's name
			}
		}
		return snakeCase(field);
	}

	private static String snakeCase(String field) {
		return Objects.requireNonNull(field)
			.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
			.toLowerCase(java.util.Locale.ROOT);
	}

}
