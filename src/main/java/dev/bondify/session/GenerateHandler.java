package dev.bondify.session;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.ClientAbortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.bondify.project.ProjectClient;
import dev.bondify.system.ApiException;
import dev.bondify.system.BodyTooLargeException;
import dev.bondify.system.ClientIpResolver;
import dev.bondify.system.DatabaseFailures;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.ErrorResponseWriter;
import dev.bondify.system.TextRules;

/**
 * Generate for a request {@link GenerateRoute} routes here (a JSON body sent as
 * {@code application/json}): the body read with one prebuilt Jackson reader, its one
 * field checked directly, the answer written with one prebuilt writer, each answer and
 * error as {@link SessionController}'s would be.
 */
// Spring MVC's argument resolution (converter lookup, a copy of every header, bean
// validation) and content negotiation cost generate more CPU than the service call
// itself (profile of 2026-12-07: 31% against 10%). The answers are the controller's
// byte for byte: GenerateRouteIntegrationTest sends the same bodies down both ways.
@Component
class GenerateHandler implements HttpRequestHandler {

	private static final Logger log = LoggerFactory.getLogger(GenerateHandler.class);

	/** What {@code @Size(max = 64)} on {@code project_id} answers, as MVC words it. */
	static final String TOO_LONG = "project_id size must be between 0 and 64.";

	/** What {@code @NotBlank} on {@code project_id} answers, as MVC words it. */
	static final String BLANK = "project_id must not be blank.";

	/** The answer to a body that is no JSON object of the right types (MVC's). */
	static final String UNREADABLE = "The request body must be a JSON object with fields of the right types.";

	private static final int MAX_PROJECT_ID = 64;

	private static final String JSON = "application/json";

	private final SessionService sessions;

	private final ClientIpResolver clientIps;

	private final ErrorResponseWriter errors;

	private final ObjectReader reader;

	private final ObjectWriter writer;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	GenerateHandler(SessionService sessions, ClientIpResolver clientIps, ErrorResponseWriter errors,
			JsonMapper jsonMapper) {
		this.sessions = sessions;
		this.clientIps = clientIps;
		this.errors = errors;
		// The application's mapper: the same naming, coercion and text rules as MVC's.
		this.reader = jsonMapper.readerFor(SessionController.GenerateRequest.class);
		this.writer = jsonMapper.writerFor(GenerateResponse.class);
	}

	@Override
	public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
		byte[] answer;
		try {
			String projectId = projectId(request);
			answer = this.writer.writeValueAsBytes(generate(projectId, principal(), request));
		}
		catch (ApiException ex) {
			this.errors.write(response, ex.code(), ex.getMessage(), ex.retryAfterSeconds());
			return;
		}
		catch (RuntimeException ex) {
			ApiException refusal = refusal(ex);
			this.errors.write(response, refusal.code(), refusal.getMessage(), refusal.retryAfterSeconds());
			return;
		}
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(JSON);
		response.setContentLength(answer.length);
		try {
			response.getOutputStream().write(answer);
		}
		catch (ClientAbortException ex) {
			log.debug("Client disconnected before the answer was written: {}", ex.getMessage());
		}
	}

	/**
	 * Creates the session of a generate call the door admitted (both routes to generate
	 * end here).
	 */
	GenerateResponse generate(String projectId, ProjectClient client, HttpServletRequest request) {
		Caller caller = Caller.of(client);
		RequestSource source = new RequestSource(client.origin(), this.clientIps.resolve(request),
				request.getHeader(HttpHeaders.USER_AGENT));
		String baseUrl = ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
		return this.sessions.generate(projectId, caller, source, baseUrl);
	}

	/** The valid {@code project_id} of the body, or the 400 / 413 MVC would answer. */
	private String projectId(HttpServletRequest request) throws IOException {
		byte[] body;
		try {
			body = request.getInputStream().readAllBytes();
		}
		catch (BodyTooLargeException ex) {
			throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.PAYLOAD_TOO_LARGE.defaultMessage());
		}
		SessionController.GenerateRequest parsed;
		try {
			parsed = (body.length == 0) ? null : this.reader.readValue(body);
		}
		catch (JacksonException ex) {
			String message = ex.getOriginalMessage();
			throw new ApiException(ErrorCode.INVALID_REQUEST,
					(message != null && message.contains(TextRules.MESSAGE)) ? TextRules.MESSAGE : UNREADABLE);
		}
		if (parsed == null) {
			// No body, or the literal null: MVC's "required request body is missing".
			throw new ApiException(ErrorCode.INVALID_REQUEST, UNREADABLE);
		}
		String projectId = parsed.projectId();
		if (projectId == null || projectId.isBlank()) {
			throw new ApiException(ErrorCode.INVALID_REQUEST, BLANK);
		}
		if (projectId.length() > MAX_PROJECT_ID) {
			throw new ApiException(ErrorCode.INVALID_REQUEST, TOO_LONG);
		}
		return projectId;
	}

	/** The principal {@code @AuthenticationPrincipal} would resolve, or null. */
	private ProjectClient principal() {
		Authentication authentication = this.contexts.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof ProjectClient client) ? client
				: null;
	}

	/** The answer {@code ApiExceptionHandler} gives the same failure. */
	private static ApiException refusal(RuntimeException ex) {
		if (ex instanceof QueryTimeoutException) {
			return DatabaseFailures.answerTimedOut(ex);
		}
		if (ex instanceof DataAccessResourceFailureException || ex instanceof CannotCreateTransactionException
				|| DatabaseFailures.isUnavailable(ex)) {
			return DatabaseFailures.answer(ex);
		}
		log.error("Unexpected error", ex);
		return new ApiException(ErrorCode.INTERNAL_ERROR, ErrorCode.INTERNAL_ERROR.defaultMessage());
	}

}
