package dev.bondify.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Writes the error contract; used by MVC handlers, servlet filters and Spring Security
 * alike so every error looks the same whichever layer produced it.
 */
@Component
public class ErrorResponseWriter {

	/** The content type of every JSON response, errors included. */
	public static final MediaType JSON_UTF8 = new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8);

	private final JsonMapper jsonMapper;

	ErrorResponseWriter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	public ResponseEntity<ErrorBody> entity(ErrorCode code, String message, Long retryAfterSeconds) {
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(code.status()).contentType(JSON_UTF8);
		if (retryAfterSeconds != null) {
			builder.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		}
		return builder.body(ErrorBody.of(code, message));
	}

	/** The error body as JSON text, for layers that write it themselves (Tomcat). */
	String json(ErrorCode code, String message) {
		return this.jsonMapper.writeValueAsString(ErrorBody.of(code, message));
	}

	public void write(HttpServletResponse response, ErrorCode code) throws IOException {
		write(response, code, code.defaultMessage(), null);
	}

	public void write(HttpServletResponse response, ErrorCode code, String message, Long retryAfterSeconds)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(code.status().value());
		response.setContentType(JSON_UTF8.toString());
		if (retryAfterSeconds != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		}
		byte[] body = this.jsonMapper.writeValueAsBytes(ErrorBody.of(code, message));
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

}
