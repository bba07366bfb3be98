package dev.bondify.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Binds settings as the application does: application.yml (where every default is
 * written) below the given sources, so a properties test sees the real defaults.
 */
public final class ApplicationYml {

	private ApplicationYml() {
	}

	/** A binder over {@code environment} with application.yml added last. */
	public static Binder binder(StandardEnvironment environment) {
		try {
			new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
				.forEach(environment.getPropertySources()::addLast);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Binder.get(environment);
	}

	/**
	 * A binder over the given properties (by their {@code bondify.*} names) and the yml.
	 */
	public static Binder binder(Map<String, ?> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().addFirst(new MapPropertySource("test", Map.copyOf(properties)));
		return binder(environment);
	}

}
