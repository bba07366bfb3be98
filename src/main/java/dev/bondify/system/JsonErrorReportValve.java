package dev.bondify.system;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's last word on an error nobody else answered (a bad request line, a header over
 * the limit, {@code %2F} in the path, {@code CONNECT}): the JSON error contract instead
 * of Tomcat's HTML page. Public because the host looks it up by class name.
 */
public class JsonErrorReportValve extends ErrorReportValve {

	private final ErrorResponseWriter writer;

	JsonErrorReportValve(ErrorResponseWriter writer) {
		this.writer = writer;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		ErrorCode code = ErrorCode.forStatus(status);
		try {
			// A method Tomcat does not implement (CONNECT) is, for this API, a method not
			// allowed; an HTTP version it does not speak, a bad request.
			response.setStatus(code.status().value());
			response.setContentType(ErrorResponseWriter.JSON_UTF8.toString());
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(this.writer.json(code, code.defaultMessage()));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response cannot be written any more: nothing to
			// answer.
		}
	}

}
