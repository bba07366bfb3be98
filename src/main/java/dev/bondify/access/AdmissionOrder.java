package dev.bondify.access;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.Ordered;

/**
 * The one list of the order in which a request meets Bondify's servlet filters and Spring
 * Security's filter chains; every {@code @Order} of a filter or chain refers to a
 * constant here.
 * <p>
 * Servlet filters, first to last:
 * <table>
 * <caption>Servlet filters</caption>
 * <tr>
 * <th>constant</th>
 * <th>filter (package)</th>
 * <th>why here</th>
 * </tr>
 * <tr>
 * <td>{@link #REQUEST_LOG}</td>
 * <td>{@code RequestLogFilter} (operations)</td>
 * <td>first, so every answer, refusals included, gets its one log line</td>
 * </tr>
 * <tr>
 * <td>{@link #HEADERS}</td>
 * <td>{@link HeaderValidationFilter} (access)</td>
 * <td>before any code reads a header, and before any other refusal</td>
 * </tr>
 * <tr>
 * <td>{@link #MANAGEMENT_PORT}</td>
 * <td>{@code ManagementPortFilter} (operations)</td>
 * <td>the management port answers health and metrics only</td>
 * </tr>
 * <tr>
 * <td>{@link #CANONICAL_PATH}</td>
 * <td>{@code CanonicalPathFilter} (system)</td>
 * <td>the path every later matcher sees is the router's</td>
 * </tr>
 * <tr>
 * <td>{@link #CORS}</td>
 * <td>{@code PublicCorsFilter} (system)</td>
 * <td>before any refusal, so browsers can read the public endpoints' errors</td>
 * </tr>
 * <tr>
 * <td>{@link #BODY_LIMIT}</td>
 * <td>{@code RequestBodyLimitFilter} (system)</td>
 * <td>before anything reads the body</td>
 * </tr>
 * <tr>
 * <td>{@link #JSON_ACCEPT}</td>
 * <td>{@code JsonApiAcceptFilter} (system)</td>
 * <td>an API answer is JSON whatever {@code Accept} says</td>
 * </tr>
 * <tr>
 * <td>{@link #CONTENT_TYPE}</td>
 * <td>{@code ConcreteContentTypeFilter} (system)</td>
 * <td>refuses wildcard content types before parsing</td>
 * </tr>
 * <tr>
 * <td>{@link #TEXT_RULES}</td>
 * <td>{@code TextRulesFilter} (system)</td>
 * <td>path, query and form text follow the text rule</td>
 * </tr>
 * <tr>
 * <td>{@link #DASHBOARD}</td>
 * <td>{@code DashboardFilter} (dashboard)</td>
 * <td>the dashboard's Content-Security-Policy on every {@code /dashboard} answer</td>
 * </tr>
 * <tr>
 * <td>{@link #SECURITY}</td>
 * <td>Spring Security's {@code FilterChainProxy}</td>
 * <td>Spring Boot's default; the chains below run inside it</td>
 * </tr>
 * </table>
 * Spring Boot's own filters keep their places around these (character encoding at the
 * highest precedence, the request context filter just before Security, the form content
 * filter after it).
 * <p>
 * Spring Security filter chains, the first whose {@code securityMatcher} matches a
 * request wins:
 * <table>
 * <caption>Security filter chains</caption>
 * <tr>
 * <th>constant</th>
 * <th>chain</th>
 * <th>paths</th>
 * </tr>
 * <tr>
 * <td>{@link #OIDC_CHAIN}</td>
 * <td>the OpenID Connect provider (package {@code oidc})</td>
 * <td>{@code /oauth2/**}, {@code /.well-known/**}, {@code /userinfo},
 * {@code /connect/**}, {@code /oidc/**}</td>
 * </tr>
 * <tr>
 * <td>{@link #API_CHAIN}</td>
 * <td>{@code SecurityConfiguration} (access)</td>
 * <td>every other path</td>
 * </tr>
 * </table>
 * <p>
 * Inside each chain, added before Spring Security's {@code AuthorizationFilter} in this
 * order (no {@code @Order}): the feature's credential filter from its
 * {@link SurfaceCustomizer} ({@code ProjectClientFilter} on the session chain), then
 * {@link RateLimitFilter} (the {@link RateLimitPolicy} table, keyed by the principal the
 * first one set), then the authorization, which answers a credential refusal recorded in
 * {@link AdmissionFailures}.
 */
public final class AdmissionOrder {

	/** {@code RequestLogFilter}: one line per request, refusals included. */
	public static final int REQUEST_LOG = Ordered.HIGHEST_PRECEDENCE;

	/** {@code ManagementPortFilter}: only health and metrics on the management port. */
	public static final int MANAGEMENT_PORT = Ordered.HIGHEST_PRECEDENCE + 2;

	/** {@link HeaderValidationFilter}: every header checked before any code reads one. */
	public static final int HEADERS = Ordered.HIGHEST_PRECEDENCE + 1;

	/** {@code CanonicalPathFilter}: repeated slashes folded into one. */
	public static final int CANONICAL_PATH = Ordered.HIGHEST_PRECEDENCE + 5;

	/** {@code PublicCorsFilter}: CORS headers on the public endpoints. */
	public static final int CORS = Ordered.HIGHEST_PRECEDENCE + 8;

	/** {@code RequestBodyLimitFilter}: 413 for bodies over the limit. */
	public static final int BODY_LIMIT = Ordered.HIGHEST_PRECEDENCE + 10;

	/** {@code JsonApiAcceptFilter}: API answers are JSON. */
	public static final int JSON_ACCEPT = Ordered.HIGHEST_PRECEDENCE + 15;

	/** {@code ConcreteContentTypeFilter}: no wildcard content types. */
	public static final int CONTENT_TYPE = Ordered.HIGHEST_PRECEDENCE + 22;

	/** {@code TextRulesFilter}: the text rule for paths, queries and forms. */
	public static final int TEXT_RULES = Ordered.HIGHEST_PRECEDENCE + 25;

	/**
	 * {@code DashboardFilter}: the dashboard's response headers, before Spring Security.
	 */
	public static final int DASHBOARD = SecurityFilterProperties.DEFAULT_FILTER_ORDER - 5;

	/**
	 * Spring Security's filter chain proxy (Spring Boot's default, listed for reading).
	 */
	public static final int SECURITY = SecurityFilterProperties.DEFAULT_FILTER_ORDER;

	/** The OpenID Connect provider's chain: first, its paths are its own. */
	public static final int OIDC_CHAIN = Ordered.HIGHEST_PRECEDENCE;

	/** The session API's chain. */
	public static final int SESSION_CHAIN = Ordered.HIGHEST_PRECEDENCE + 10;

	/** The Telegram webhooks' chain. */
	public static final int WEBHOOK_CHAIN = Ordered.HIGHEST_PRECEDENCE + 20;

	/** The developer API's and dashboard's chain. */
	public static final int DEVELOPER_CHAIN = Ordered.HIGHEST_PRECEDENCE + 30;

	/** The health and metrics chain. */
	public static final int MANAGEMENT_CHAIN = Ordered.HIGHEST_PRECEDENCE + 40;

	/** The chain of every other path: last, it matches everything. */
	public static final int PAGES_CHAIN = Ordered.LOWEST_PRECEDENCE - 100;

	private AdmissionOrder() {
	}

}
