package dev.bondify.project;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

import dev.bondify.access.Surface;
import dev.bondify.access.SurfaceCustomizer;
import dev.bondify.system.ErrorResponseWriter;

/**
 * Adds the project-client check ({@link ProjectClientFilter} as the converter,
 * {@link ProjectClientAuthenticationProvider} as the provider) to the session surface's
 * chain; the filter is no servlet filter of its own.
 */
@Configuration(proxyBeanMethods = false)
class ProjectClientSecurity {

	@Bean
	SurfaceCustomizer projectClientSurface(ProjectCache projects, ProjectRepository repository, JsonMapper jsonMapper,
			ErrorResponseWriter writer) {
		ProviderManager manager = new ProviderManager(new ProjectClientAuthenticationProvider(projects, repository,
				ProjectClientAuthenticationProvider.KeyComparison.CONSTANT_TIME));
		ProjectClientFilter filter = new ProjectClientFilter(manager, jsonMapper, writer);
		return new SurfaceCustomizer() {

			@Override
			public Surface surface() {
				return Surface.SESSION;
			}

			@Override
			public void customize(HttpSecurity http) {
				http.addFilterBefore(filter, AuthorizationFilter.class);
			}

		};
	}

}
