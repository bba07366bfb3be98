package dev.bondify.access;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.bondify.system.ClientIpResolver;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.ErrorResponseWriter;
import dev.bondify.system.RateLimiter;
import dev.bondify.system.WebProperties;

/**
 * One stateless Spring Security filter chain per API surface, each with its own
 * {@code securityMatcher} and the order of {@link AdmissionOrder}; the features add their
 * credential checks through {@link SurfaceCustomizer} beans, and every rejection is
 * written by {@link ErrorResponseWriter}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/**
	 * The session API: public and secret-key generate, verify and exchange, and the proof
	 * check.
	 */
	static final String[] SESSION_PATHS = { "/api/v1/generate", "/api/v1/generate/public", "/api/v1/verify",
			"/api/v1/verify/public", "/api/v1/exchange", "/api/v1/exchange/public", "/api/v1/proof/**" };

	static final String[] WEBHOOK_PATHS = { "/api/v1/telegram/webhook", "/api/v1/telegram/webhook/*" };

	static final String[] DEVELOPER_PATHS = { "/api/v1/dev/**", "/dashboard", "/dashboard/**" };

	static final String[] MANAGEMENT_PATHS = { "/actuator", "/actuator/**" };

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private static final String CSRF_REJECTED = "This form is out of date or did not come from this server; "
			+ "reload the page and try again.";

	private final ErrorResponseWriter writer;

	private final List<SurfaceCustomizer> customizers;

	private final RateLimitFilter rateLimits;

	SecurityConfiguration(ErrorResponseWriter writer, ObjectProvider<SurfaceCustomizer> customizers,
			RateLimiter limiter, ClientIpResolver clientIps, WebProperties web) {
		this.writer = writer;
		this.customizers = customizers.orderedStream().toList();
		this.rateLimits = new RateLimitFilter(limiter, clientIps, web, writer);
	}

	/**
	 * No Micrometer observation around each of Spring Security's filters: with a
	 * Prometheus registry that wrapping costs more CPU than the filters themselves;
	 * requests are still measured once as {@code http.server.requests}.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	@Order(AdmissionOrder.SESSION_CHAIN)
	SecurityFilterChain sessionChain(HttpSecurity http) throws Exception {
		// A refused credential was recorded by the feature's filter and counted by the
		// rate
		// limit; here it is answered (401 with its message, by the entry point).
		return stateless(http.securityMatcher(SESSION_PATHS), Surface.SESSION)
			.authorizeHttpRequests(requests -> requests.anyRequest()
				.access((authentication,
						context) -> new AuthorizationDecision(AdmissionFailures.find(context.getRequest()) == null)))
			.build();
	}

	@Bean
	@Order(AdmissionOrder.WEBHOOK_CHAIN)
	SecurityFilterChain webhookChain(HttpSecurity http) throws Exception {
		return stateless(http.securityMatcher(WEBHOOK_PATHS), Surface.WEBHOOKS)
			.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
			.build();
	}

	@Bean
	@Order(AdmissionOrder.DEVELOPER_CHAIN)
	SecurityFilterChain developerChain(HttpSecurity http) throws Exception {
		// Developer tokens (resource server) and the dashboard's CSRF are added by the
		// developer and dashboard packages' SurfaceCustomizers.
		return stateless(http.securityMatcher(DEVELOPER_PATHS), Surface.DEVELOPER)
			.authorizeHttpRequests(requests -> requests
				.requestMatchers("/api/v1/dev/register", "/api/v1/dev/login", "/api/v1/dev/password/reset",
						"/api/v1/dev/password/reset/confirm")
				.permitAll()
				.requestMatchers("/api/v1/dev/**")
				.authenticated()
				.anyRequest()
				.permitAll())
			.build();
	}

	@Bean
	@Order(AdmissionOrder.MANAGEMENT_CHAIN)
	SecurityFilterChain managementChain(HttpSecurity http) throws Exception {
		return stateless(http.securityMatcher(MANAGEMENT_PATHS), Surface.MANAGEMENT)
			.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
			.build();
	}

	/**
	 * Everything else. Only the server-rendered sandbox and demo pages need CSRF tokens;
	 * the token lives in a cookie, not the HTTP session: the service is stateless and may
	 * run as several instances.
	 */
	@Bean
	@Order(AdmissionOrder.PAGES_CHAIN)
	SecurityFilterChain pagesChain(HttpSecurity http) throws Exception {
		return stateless(http.securityMatcher(new NegatedRequestMatcher(oidcPaths())), Surface.PAGES)
			.csrf(csrf -> csrf.requireCsrfProtectionMatcher(SecurityConfiguration::isPagePost)
				.csrfTokenRepository(new CookieCsrfTokenRepository()))
			.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
			.build();
	}

	/**
	 * What every chain shares: no HTTP session, no login forms, the error contract for
	 * 401 and 403, and the features' additions for this surface.
	 */
	private HttpSecurity stateless(HttpSecurity http, Surface surface) throws Exception {
		http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.requestCache(cache -> cache.disable())
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint((request, response, ex) -> {
				AuthenticationException refused = AdmissionFailures.find(request);
				if (refused != null) {
					this.writer.write(response, ErrorCode.UNAUTHORIZED, refused.getMessage(), null);
					return;
				}
				this.writer.write(response, ErrorCode.UNAUTHORIZED);
			}).accessDeniedHandler((request, response, ex) -> {
				if (ex instanceof CsrfException) {
					this.writer.write(response, ErrorCode.FORBIDDEN, CSRF_REJECTED, null);
					return;
				}
				this.writer.write(response, ErrorCode.UNAUTHORIZED);
			}));
		for (SurfaceCustomizer customizer : this.customizers) {
			if (customizer.surface() == surface) {
				customizer.customize(http);
			}
		}
		// After the features' authentication filters (added before it too, earlier):
		// the rate limit sees the principal they set.
		http.addFilterBefore(this.rateLimits, AuthorizationFilter.class);
		return http;
	}

	/** The OpenID Connect provider's paths: its own chain's, never this package's. */
	static RequestMatcher oidcPaths() {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		return new OrRequestMatcher(paths.matcher("/oauth2/**"), paths.matcher("/.well-known/**"),
				paths.matcher("/userinfo"), paths.matcher("/connect/**"), paths.matcher("/oidc/**"));
	}

	private static boolean isPagePost(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !SAFE_METHODS.contains(request.getMethod())
				&& (path.startsWith("/sandbox/") || path.startsWith("/demo/"));
	}

}
