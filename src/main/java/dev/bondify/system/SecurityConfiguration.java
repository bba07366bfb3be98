package dev.bondify.system;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

import dev.bondify.developer.DeveloperTokenFilter;

/**
 * Stateless security: the developer API needs a developer Bearer token, everything else
 * authenticates itself (secret keys, the Telegram webhook secret) or is public; every
 * rejection is written by {@link ErrorResponseWriter}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private static final String CSRF_REJECTED = "This form is out of date or did not come from this server; "
			+ "reload the page and try again.";

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
	SecurityFilterChain securityFilterChain(HttpSecurity http, ErrorResponseWriter writer,
			DeveloperTokenFilter developerTokenFilter) throws Exception {
		http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// Only the server-rendered sandbox and demo pages need CSRF tokens; the JSON
			// API carries no cookies.
			// The token lives in a cookie, not the HTTP session: the service is stateless
			// and may run as several instances.
			.csrf(csrf -> csrf.requireCsrfProtectionMatcher(SecurityConfiguration::isPagePost)
				.csrfTokenRepository(new CookieCsrfTokenRepository()))
			.requestCache(cache -> cache.disable())
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			.addFilterBefore(developerTokenFilter, AuthorizationFilter.class)
			.authorizeHttpRequests(requests -> requests
				.requestMatchers("/api/v1/dev/register", "/api/v1/dev/login", "/api/v1/dev/password/reset",
						"/api/v1/dev/password/reset/confirm")
				.permitAll()
				.requestMatchers("/api/v1/dev/**")
				.authenticated()
				.anyRequest()
				.permitAll())
			.exceptionHandling(exceptions -> exceptions
				.authenticationEntryPoint((request, response, ex) -> writer.write(response, ErrorCode.UNAUTHORIZED))
				.accessDeniedHandler((request, response, ex) -> {
					if (ex instanceof CsrfException) {
						writer.write(response, ErrorCode.FORBIDDEN, CSRF_REJECTED, null);
						return;
					}
					writer.write(response, ErrorCode.UNAUTHORIZED);
				}));
		return http.build();
	}

	private static boolean isPagePost(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !SAFE_METHODS.contains(request.getMethod())
				&& (path.startsWith("/sandbox/") || path.startsWith("/demo/"));
	}

}
