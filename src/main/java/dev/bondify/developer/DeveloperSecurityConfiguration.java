package dev.bondify.developer;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

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

	@Bean
	FilterRegistrationBean<DeveloperTokenFilter> developerTokenFilterRegistration(DeveloperTokenFilter filter) {
		FilterRegistrationBean<DeveloperTokenFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setEnabled(false);
		return registration;
	}

}
