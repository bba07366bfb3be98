package dev.bondify.oidc;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetailsSource;
import org.springframework.util.StringUtils;

import dev.bondify.access.BearerTokens;

/**
 * The token endpoint's common request, an authorization code exchanged by a client that
 * authenticates with its secret key, answered by Spring Authorization Server's own parts
 * (the very client secret provider, with its PKCE check, and code grant provider its
 * chain was built with, and its token response) called in the order its filters call
 * them, without the rest of its filter chain, its converters and its provider managers.
 * Only a request of exactly this shape is taken: {@code POST /oauth2/token},
 * {@code Content-Type:
 * application/x-www-form-urlencoded} exactly, no query string, no DPoP proof, the
 * parameters {@code grant_type=authorization_code}, {@code code}, {@code redirect_uri}
 * and optionally {@code code_verifier} once each, and the client's id and secret either
 * in an {@code Authorization: Basic} header or as {@code client_id} and
 * {@code client_secret}, not both. Every other request goes on to the library's filters,
 * as does one whose client authentication fails (it changes nothing, and the library then
 * answers it as it would have). Once the client is authenticated, the grant's answer is
 * this route's: the library's token response, or its error through {@link TokenErrors}.
 */
final class CodeGrantRoute implements Filter {

	static final String PATH = "/oauth2/token";

	static final String FORM = "application/x-www-form-urlencoded";

	/** The library's error URI for a malformed token request. */
	static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2";

	/** The parameters of the route's request: each at most once. */
	private static final Set<String> GRANT_PARAMETERS = Set.of(OAuth2ParameterNames.GRANT_TYPE,
			OAuth2ParameterNames.CODE, OAuth2ParameterNames.REDIRECT_URI, PkceParameterNames.CODE_VERIFIER);

	private static final Set<String> POST_PARAMETERS = Set.of(OAuth2ParameterNames.GRANT_TYPE,
			OAuth2ParameterNames.CODE, OAuth2ParameterNames.REDIRECT_URI, PkceParameterNames.CODE_VERIFIER,
			OAuth2ParameterNames.CLIENT_ID, OAuth2ParameterNames.CLIENT_SECRET);

	private volatile ClientSecretAuthenticationProvider clients;

	private volatile OAuth2AuthorizationCodeAuthenticationProvider grants;

	private final AuthenticationSuccessHandler tokens = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();

	private final AuthenticationFailureHandler errors = new TokenErrors();

	private final WebAuthenticationDetailsSource details = new WebAuthenticationDetailsSource();

	private final AtomicLong answered = new AtomicLong();

	/**
	 * The library's client secret provider of the token endpoint's chain, as it was
	 * configured (password encoder included); until both providers are known every
	 * request goes to the library.
	 */
	void use(ClientSecretAuthenticationProvider clients) {
		this.clients = clients;
	}

	/**
	 * The library's code grant provider of the token endpoint, as it was configured
	 * (authorization service, token generator, the OpenID Connect sessions its id tokens
	 * name).
	 */
	void use(OAuth2AuthorizationCodeAuthenticationProvider grants) {
		this.grants = grants;
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		// Read once: the firewall checks every parameter's name and values on each read.
		Map<String, String[]> form = Exchange.isTokenPost(request) ? request.getParameterMap() : null;
		String repeated = (form != null) ? Exchange.repeatedParameter(form) : null;
		if (repeated != null) {
			// RFC 6749 section 3.2: no parameter more than once. The library's client
			// authentication casts a repeated code to text and fails with a 500.
			this.errors.onAuthenticationFailure(request, response, new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "OAuth 2.0 Parameter: " + repeated, ERROR_URI)));
			return;
		}
		ClientSecretAuthenticationProvider clientSecrets = this.clients;
		OAuth2AuthorizationCodeAuthenticationProvider codeGrants = this.grants;
		Exchange exchange = (form != null && clientSecrets != null && codeGrants != null) ? Exchange.of(request, form)
				: null;
		Authentication client = null;
		if (exchange != null) {
			try {
				client = clientSecrets.authenticate(exchange.client());
			}
			catch (OAuth2AuthenticationException ex) {
				// The library answers it: it checks again and changes nothing either.
				client = null;
			}
		}
		if (!(client instanceof OAuth2ClientAuthenticationToken authenticated) || !client.isAuthenticated()) {
			chain.doFilter(request, response);
			return;
		}
		// What the client authentication filter leaves for the grant.
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authenticated);
		SecurityContextHolder.setContext(context);
		OAuth2AuthorizationCodeAuthenticationToken grant = new OAuth2AuthorizationCodeAuthenticationToken(
				exchange.code(), authenticated, exchange.redirectUri(), exchange.grantParameters());
		grant.setDetails(this.details.buildDetails(request));
		try {
			Authentication issued = codeGrants.authenticate(grant);
			this.answered.incrementAndGet();
			OAuth2AccessTokenAuthenticationToken answer = (OAuth2AccessTokenAuthenticationToken) issued;
			Instant built = Instant.now();
			byte[] body = TokenResponses.body(answer, built, Instant.now());
			if (body == null) {
				this.tokens.onAuthenticationSuccess(request, response, answer);
			}
			else {
				response.setContentType(TokenResponses.CONTENT_TYPE);
				response.setContentLength(body.length);
				response.getOutputStream().write(body);
			}
		}
		catch (OAuth2AuthenticationException ex) {
			this.answered.incrementAndGet();
			SecurityContextHolder.clearContext();
			this.errors.onAuthenticationFailure(request, response, ex);
		}
	}

	/** How many requests this route answered (tests). */
	long answered() {
		return this.answered.get();
	}

	/**
	 * A request of the route's shape: its code, redirect URI, client credentials and the
	 * form parameters the library's converters would hand on.
	 */
	record Exchange(String code, String redirectUri, String clientId, String clientSecret,
			ClientAuthenticationMethod method, Map<String, String> parameters) {

		/**
		 * Whether the request is a {@code POST} to the token endpoint (any form type).
		 */
		static boolean isTokenPost(HttpServletRequest request) {
			return "POST".equals(request.getMethod()) && isTokenPath(request);
		}

		/**
		 * The first parameter a token request's parameters (any grant, any form type)
		 * repeat, or null.
		 */
		static String repeatedParameter(Map<String, String[]> form) {
			for (Map.Entry<String, String[]> parameter : form.entrySet()) {
				if (parameter.getValue().length > 1) {
					return parameter.getKey();
				}
			}
			return null;
		}

		private static boolean isTokenPath(HttpServletRequest request) {
			String uri = request.getRequestURI();
			int context = request.getContextPath().length();
			return uri.length() - context == PATH.length() && uri.startsWith(PATH, context);
		}

		/**
		 * The request, a {@code POST} to the token endpoint with these parameters, as the
		 * route's exchange, or null when it is of another shape.
		 */
		static Exchange of(HttpServletRequest request, Map<String, String[]> form) {
			if (!FORM.equalsIgnoreCase(request.getContentType()) || request.getQueryString() != null
					|| request.getHeader("DPoP") != null) {
				return null;
			}
			String authorization = BearerTokens.header(request);
			Set<String> allowed = (authorization != null) ? GRANT_PARAMETERS : POST_PARAMETERS;
			Map<String, String> parameters = new HashMap<>();
			for (Map.Entry<String, String[]> parameter : form.entrySet()) {
				if (!allowed.contains(parameter.getKey()) || parameter.getValue().length != 1) {
					return null;
				}
				parameters.put(parameter.getKey(), parameter.getValue()[0]);
			}
			String code = parameters.get(OAuth2ParameterNames.CODE);
			String redirectUri = parameters.get(OAuth2ParameterNames.REDIRECT_URI);
			if (!AuthorizationGrantType.AUTHORIZATION_CODE.getValue()
				.equals(parameters.get(OAuth2ParameterNames.GRANT_TYPE)) || !StringUtils.hasText(code)
					|| !StringUtils.hasText(redirectUri)) {
				return null;
			}
			if (authorization == null) {
				String clientId = parameters.get(OAuth2ParameterNames.CLIENT_ID);
				String clientSecret = parameters.get(OAuth2ParameterNames.CLIENT_SECRET);
				if (!StringUtils.hasText(clientId) || !StringUtils.hasText(clientSecret)) {
					return null;
				}
				return printable(clientId) ? new Exchange(code, redirectUri, clientId, clientSecret,
						ClientAuthenticationMethod.CLIENT_SECRET_POST, parameters) : null;
			}
			String[] basic = basic(authorization);
			return (basic != null && printable(basic[0])) ? new Exchange(code, redirectUri, basic[0], basic[1],
					ClientAuthenticationMethod.CLIENT_SECRET_BASIC, parameters) : null;
		}

		/**
		 * Whether a client id is of the characters the library's client authentication
		 * filter accepts (%x20-7E); it answers any other id itself.
		 */
		private static boolean printable(String clientId) {
			for (int i = 0; i < clientId.length(); i++) {
				if (clientId.charAt(i) < 0x20 || clientId.charAt(i) > 0x7E) {
					return false;
				}
			}
			return true;
		}

		/**
		 * The id and secret of {@code Basic} credentials as the library decodes them, or
		 * null for any header it would answer with an error or not read.
		 */
		private static String[] basic(String header) {
			String[] parts = splitAtWhitespace(header);
			if (parts.length != 2 || !parts[0].equalsIgnoreCase("Basic")) {
				return null;
			}
			try {
				String decoded = new String(Base64.getDecoder().decode(parts[1].getBytes(StandardCharsets.UTF_8)),
						StandardCharsets.UTF_8);
				String[] credentials = decoded.split(":", 2);
				if (credentials.length != 2 || !StringUtils.hasText(credentials[0])
						|| !StringUtils.hasText(credentials[1])) {
					return null;
				}
				return new String[] { URLDecoder.decode(credentials[0], StandardCharsets.UTF_8),
						URLDecoder.decode(credentials[1], StandardCharsets.UTF_8) };
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}

		/**
		 * What {@code header.split("\\s")} gives (the library's converter splits so), as
		 * far as a Basic header's check needs: the two parts of "scheme token" (trailing
		 * whitespace dropped, as split drops trailing empty parts), or an array of
		 * another length for any other shape, without a regular expression per request.
		 */
		static String[] splitAtWhitespace(String header) {
			int first = whitespace(header, 0);
			if (first < 0) {
				return new String[] { header };
			}
			int end = header.length();
			while (end > first && isWhitespace(header.charAt(end - 1))) {
				end--;
			}
			if (end <= first) {
				// "scheme" followed by whitespace only: split gives the scheme alone.
				return new String[] { header.substring(0, first) };
			}
			if (whitespace(header.substring(0, end), first + 1) >= 0) {
				// More than one separator: three parts or more.
				return new String[3];
			}
			return new String[] { header.substring(0, first), header.substring(first + 1, end) };
		}

		private static int whitespace(String text, int from) {
			for (int i = from; i < text.length(); i++) {
				if (isWhitespace(text.charAt(i))) {
					return i;
				}
			}
			return -1;
		}

		/** The characters of the regular expression {@code \\s}: [ \\t\\n\\x0B\\f\\r]. */
		private static boolean isWhitespace(char c) {
			return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
		}

		/**
		 * The client authentication the library's converter builds: the form parameters
		 * of a code grant (for a secret sent as parameters, without id and secret).
		 */
		OAuth2ClientAuthenticationToken client() {
			Map<String, Object> additional = new HashMap<>(this.parameters);
			if (this.method.equals(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
				additional.remove(OAuth2ParameterNames.CLIENT_ID);
				additional.remove(OAuth2ParameterNames.CLIENT_SECRET);
			}
			return new OAuth2ClientAuthenticationToken(this.clientId, this.method, this.clientSecret, additional);
		}

		/** The grant's additional parameters as the library's converter builds them. */
		Map<String, Object> grantParameters() {
			Map<String, Object> additional = new HashMap<>(this.parameters);
			additional.remove(OAuth2ParameterNames.GRANT_TYPE);
			additional.remove(OAuth2ParameterNames.CLIENT_ID);
			additional.remove(OAuth2ParameterNames.CODE);
			additional.remove(OAuth2ParameterNames.REDIRECT_URI);
			return additional;
		}

	}

}
