package dev.bondify.developer;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

import dev.bondify.access.Surface;
import dev.bondify.access.SurfaceCustomizer;

/**
 * The password hash of developer accounts, and keeping {@link DeveloperTokenFilter} out
 * of the plain servlet chain (it belongs to the Spring Security chain only).
 */
@Configuration(proxyBeanMethods = false)
class DeveloperSecurityConfiguration {

	@Bean
	PasswordEncoder developerPasswordEncoder() {
		return new BCryptPasswordEncoder();
	}

	/** The developer token check, inside the developer surface's chain. */
	@Bean
	SurfaceCustomizer developerTokenSurface(DeveloperTokenFilter filter) {
		return new SurfaceCustomizer() {

			@Override
			public Surface surface() {
				return Surface.DEVELOPER;
			}

			@Override
			public void customize(HttpSecurity http) {
				http.addFilterBefore(filter, AuthorizationFilter.class);
			}

		};
	}

	@Bean
	FilterRegistrationBean<DeveloperTokenFilter> developerTokenFilterRegistration(DeveloperTokenFilter filter) {
		FilterRegistrationBean<DeveloperTokenFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setEnabled(false);
		return registration;
	}

}
