package dev.bondify.dashboard;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.bondify.access.BearerTokens;
import dev.bondify.access.Surface;
import dev.bondify.access.SurfaceCustomizer;

/**
 * The dashboard's CSRF protection as Spring Security's own, on the developer surface's
 * chain: a state change needs the token of {@link DashboardCsrfTokens} when it comes from
 * the browser, that is without an {@code Authorization} header and either to a
 * {@code /dashboard} path (the session endpoints, the account forms) or with the
 * dashboard's token cookie (the developer API called by the page). A call with its own
 * Bearer header cannot be forged by another site and needs none.
 */
@Configuration(proxyBeanMethods = false)
class DashboardSecurityConfiguration {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	@Bean
	SurfaceCustomizer dashboardCsrfSurface(DashboardCookies cookies) {
		RequestMatcher fromTheBrowser = (request) -> needsCsrf(request, cookies);
		return new SurfaceCustomizer() {

			@Override
			public Surface surface() {
				return Surface.DEVELOPER;
			}

			@Override
			public void customize(HttpSecurity http) {
				http.csrf((csrf) -> csrf.csrfTokenRepository(new DashboardCsrfTokens(cookies))
					.csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
					.requireCsrfProtectionMatcher(fromTheBrowser)
					// Every request is authenticated afresh (stateless): Security's
					// default would delete the token on each; the dashboard renews it
					// at sign-in and sign-out itself.
					.sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy())
					// The resource server exempts every request it finds a token in,
					// the cookie's included; only a Bearer header earns that, which
					// the matcher already knows.
					.withObjectPostProcessor(new ObjectPostProcessor<CsrfFilter>() {

						@Override
						public <O extends CsrfFilter> O postProcess(O filter) {
							filter.setRequireCsrfProtectionMatcher(fromTheBrowser);
							return filter;
						}

					}));
			}

		};
	}

	static boolean needsCsrf(HttpServletRequest request, DashboardCookies cookies) {
		if (SAFE_METHODS.contains(request.getMethod()) || BearerTokens.present(request)) {
			return false;
		}
		String path = request.getRequestURI();
		return path.equals("/dashboard") || path.startsWith("/dashboard/") || cookies.token(request) != null;
	}

}
