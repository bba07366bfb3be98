package dev.bondify.project;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.bondify.access.AdmissionFailures;
import dev.bondify.access.BearerTokens;
import dev.bondify.access.Origins;
import dev.bondify.system.ApiException;
import dev.bondify.system.BodyTooLargeException;
import dev.bondify.system.DatabaseFailures;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.ErrorResponseWriter;
import dev.bondify.system.TextRules;

/**
 * The session surface's authentication converter: turns a public call into a public
 * {@link ProjectClient} (with its normalised {@code Origin}) and a secret-key call into a
 * {@link ProjectClientAuthentication} for the provider, with the project the JSON body
 * names. The body is read here once and replayed to the controller. A failed check is
 * recorded, not answered: the rate limit counts it against the caller's address first,
 * then the chain's authorization answers 401 (see {@code docs/admission.md}).
 */
class ProjectClientFilter extends OncePerRequestFilter {

	/** The longest project id the session API's bodies accept. */
	private static final int MAX_PROJECT_ID = 64;

	static final String ORIGIN_REJECTED = "The Origin header must be a serialized origin "
			+ "(scheme://host[:port], ASCII, at most 255 characters) or null.";

	private final AuthenticationManager authentication;

	private final JsonMapper jsonMapper;

	private final ErrorResponseWriter writer;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	ProjectClientFilter(AuthenticationManager authentication, JsonMapper jsonMapper, ErrorResponseWriter writer) {
		this.authentication = authentication;
		this.jsonMapper = jsonMapper;
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Route route = Route.of(request);
		if (route == null) {
			chain.doFilter(request, response);
			return;
		}
		String origin = null;
		if (route.checksOrigin) {
			try {
				origin = Origins.normalise(request.getHeader(HttpHeaders.ORIGIN));
			}
			catch (IllegalArgumentException ex) {
				this.writer.write(response, ErrorCode.INVALID_REQUEST, ORIGIN_REJECTED, null);
				return;
			}
		}
		if (route == Route.PUBLIC) {
			authenticated(ProjectClientAuthentication.admitted(ProjectClient.publicCaller(origin)));
			chain.doFilter(request, response);
			return;
		}
		String key = BearerTokens.from(request);
		HttpServletRequest forward = request;
		String projectId = null;
		if (route.namesProject) {
			byte[] body;
			try {
				body = request.getInputStream().readAllBytes();
			}
			catch (BodyTooLargeException ex) {
				this.writer.write(response, ErrorCode.PAYLOAD_TOO_LARGE);
				return;
			}
			forward = new ReplayedBody(request, body);
			projectId = projectId(body);
			if (projectId == null) {
				// No project to check the key against: the controller answers the body's
				// 400, as it would without this filter.
				chain.doFilter(forward, response);
				return;
			}
		}
		try {
			authenticated(this.authentication
				.authenticate(ProjectClientAuthentication.unauthenticated(projectId, key, origin)));
		}
		catch (AuthenticationException ex) {
			AdmissionFailures.record(forward, ex);
		}
		catch (RuntimeException ex) {
			// The project could not be read: the contract's 503, as a controller would
			// answer it (a filter's exception would otherwise reach the container as
			// 500).
			if (!DatabaseFailures.isUnavailable(ex)) {
				throw ex;
			}
			ApiException answer = DatabaseFailures.answer(ex);
			this.writer.write(response, answer.code(), answer.getMessage(), answer.retryAfterSeconds());
			return;
		}
		chain.doFilter(forward, response);
	}

	private void authenticated(Authentication result) {
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(result);
		this.contexts.setContext(context);
	}

	/** The body's {@code project_id} when it is a JSON object with a string there. */
	private String projectId(byte[] body) {
		try {
			JsonNode node = this.jsonMapper.readTree(body);
			JsonNode id = (node != null && node.isObject()) ? node.get("project_id") : null;
			if (id == null || !id.isString()) {
				return null;
			}
			String value = id.asString();
			// Only what could be a project id reaches the cache (and the database);
			// anything
			// else is the controller's 400, as the body's own validation answers it.
			return (!value.isBlank() && value.length() <= MAX_PROJECT_ID && TextRules.isAcceptable(value)) ? value
					: null;
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return null;
		}
	}

	/** The routes of the session surface and what their callers bring. */
	enum Route {

		/** {@code …/public}: no credentials, the origin rule. */
		PUBLIC(true, false),

		/** Secret-key generate and exchange: the key and the Origin of the caller. */
		KEY_WITH_ORIGIN(true, true),

		/** Secret-key verify: the key only. */
		KEY(false, true),

		/** The proof check: the key alone names the project. */
		PROOF(false, false);

		private final boolean checksOrigin;

		private final boolean namesProject;

		Route(boolean checksOrigin, boolean namesProject) {
			this.checksOrigin = checksOrigin;
			this.namesProject = namesProject;
		}

		/** The route of a POST, null for anything else (answered by MVC as today). */
		static Route of(HttpServletRequest request) {
			if (!"POST".equals(request.getMethod())) {
				return null;
			}
			String path = request.getRequestURI().substring(request.getContextPath().length());
			return switch (path) {
				case "/api/v1/generate/public", "/api/v1/verify/public", "/api/v1/exchange/public" -> PUBLIC;
				case "/api/v1/generate", "/api/v1/exchange" -> KEY_WITH_ORIGIN;
				case "/api/v1/verify" -> KEY;
				case "/api/v1/proof/verify" -> PROOF;
				default -> null;
			};
		}

	}

	/** The request with the body this filter already read. */
	private static final class ReplayedBody extends HttpServletRequestWrapper {

		private final byte[] body;

		private ServletInputStream stream;

		ReplayedBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public BufferedReader getReader() {
			return new BufferedReader(new InputStreamReader(getInputStream(), charset(getCharacterEncoding())));
		}

		private static Charset charset(String encoding) {
			try {
				return (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			}
			catch (IllegalArgumentException ex) {
				return StandardCharsets.UTF_8;
			}
		}

		/** One stream per request, as the container gives: a second call continues it. */
		@Override
		public ServletInputStream getInputStream() {
			if (this.stream == null) {
				this.stream = replay(new ByteArrayInputStream(this.body));
			}
			return this.stream;
		}

		private static ServletInputStream replay(ByteArrayInputStream in) {
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body was already read");
				}

			};
		}

	}

}
