package dev.bondify.developer;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

import dev.bondify.access.BearerTokens;

/**
 * Where the developer chain finds a developer token: the {@code Authorization: Bearer}
 * header first, then (for the developer API only) the dashboard's cookie. Paths that need
 * no developer (register, log in, password reset, the dashboard's pages and session
 * endpoint) resolve nothing, so a stale token there is ignored as it always was; a
 * present header that is not a Bearer token is an invalid token. It sees the canonical
 * path ({@code dev.bondify.access.CanonicalPathFilter}), the one the router sees.
 */
class DeveloperBearerTokens implements BearerTokenResolver {

	static final String API = "/api/v1/dev/";

	/** The dashboard's log-out: signs out whichever developer the request names. */
	static final String DASHBOARD_LOGOUT = "/dashboard/api/logout";

	static final String REGISTER = "/api/v1/dev/register";

	static final String LOGIN = "/api/v1/dev/login";

	private static final Set<String> OPEN = Set.of(REGISTER, LOGIN, PasswordResetController.RESET,
			PasswordResetController.CONFIRM);

	private final DeveloperTokenCookie cookie;

	/**
	 * @param cookie the browser's cookie, or null when no dashboard is deployed
	 */
	DeveloperBearerTokens(DeveloperTokenCookie cookie) {
		this.cookie = cookie;
	}

	@Override
	public String resolve(HttpServletRequest request) {
		String path = request.getRequestURI();
		boolean api = path.startsWith(API) && !OPEN.contains(path);
		if (!api && !path.equals(DASHBOARD_LOGOUT)) {
			return null;
		}
		if (BearerTokens.present(request)) {
			String token = BearerTokens.from(request);
			if (token == null) {
				throw new InvalidBearerTokenException(DeveloperTokenAuthentication.INVALID);
			}
			return token;
		}
		return (api && this.cookie != null) ? this.cookie.token(request) : null;
	}

}
