package dev.bondify.system;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Binds {@code bondify.public-url} once into the {@link PublicUrl} every feature injects.
 */
@Configuration(proxyBeanMethods = false)
class PublicUrlConfiguration {

	@Bean
	PublicUrl publicUrl(Environment environment) {
		return new PublicUrl(Binder.get(environment).bind("bondify.public-url", String.class).orElse(""));
	}

}
