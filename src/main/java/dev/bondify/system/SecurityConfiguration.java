package dev.bondify.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

import dev.bondify.developer.DeveloperTokenFilter;

/**
 * Stateless security: the developer API needs a developer Bearer token, everything else authenticates itself
 * (secret keys, the Telegram webhook secret) or is public; every rejection is written by {@link ErrorResponseWriter}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, ErrorResponseWriter writer,
			DeveloperTokenFilter developerTokenFilter) throws Exception {
		http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.ignoringRequestMatchers("/api/**"))
			.requestCache(cache -> cache.disable())
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			.addFilterBefore(developerTokenFilter, AuthorizationFilter.class)
			.authorizeHttpRequests(requests -> requests.requestMatchers("/api/v1/dev/register", "/api/v1/dev/login")
				.permitAll()
				.requestMatchers("/api/v1/dev/**")
				.authenticated()
				.anyRequest()
				.permitAll())
			.exceptionHandling(exceptions -> exceptions
				.authenticationEntryPoint((request, response, ex) -> writer.write(response, ErrorCode.UNAUTHORIZED))
				.accessDeniedHandler((request, response, ex) -> writer.write(response, ErrorCode.UNAUTHORIZED)));
		return http.build();
	}

}
