package dev.bondify.operations;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md names every setting by its full variable name: each
 * {@code bondify.*} property of the code's {@code @ConfigurationProperties} records is
 * mapped to a {@code BONDIFY_*} variable in application.yml, each such variable is on the
 * page, and the page names no variable that does not exist.
 */
class ConfigurationReferenceTest {

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{((?:BONDIFY|SERVER)_[A-Z0-9_]+):");

	private static final Pattern DOCUMENTED = Pattern.compile("`((?:BONDIFY|SERVER)_[A-Z0-9_]+)`");

	@Test
	void everyPropertyOfTheCodeHasAVariableInApplicationYml() throws Exception {
		Properties yml = applicationYml();
		Set<String> unmapped = new TreeSet<>();
		Set<String> properties = codeProperties();
		for (String property : properties) {
			String value = yml.getProperty(property);
			boolean mapped = value != null && (VARIABLE.matcher(value).find() || value.startsWith("${bondify."));
			if (!mapped) {
				unmapped.add(property);
			}
		}

		assertThat(properties).as("properties found in the code").hasSizeGreaterThan(40);
		assertThat(unmapped)
			.as("properties without a BONDIFY_* variable: map each in application.yml as "
					+ "${BONDIFY_NAME:default} and add a row to docs/configuration.md")
			.isEmpty();
	}

	@Test
	void everyVariableIsDocumentedByItsFullNameAndNothingElseIs() throws IOException {
		Set<String> variables = new TreeSet<>();
		Matcher mapped = VARIABLE.matcher(Files.readString(Path.of("src/main/resources/application.yml")));
		while (mapped.find()) {
			variables.add(mapped.group(1));
		}
		Set<String> documented = new TreeSet<>();
		Matcher named = DOCUMENTED.matcher(Files.readString(Path.of("docs/configuration.md")));
		while (named.find()) {
			documented.add(named.group(1));
		}

		assertThat(documented).as("variables missing from docs/configuration.md").containsAll(variables);
		assertThat(variables).as("variables docs/configuration.md names that application.yml does not map")
			.containsAll(documented);
	}

	private static Properties applicationYml() {
		YamlPropertiesFactoryBean factory = new YamlPropertiesFactoryBean();
		factory.setResources(new ClassPathResource("application.yml"));
		Properties properties = factory.getObject();
		assertThat(properties).isNotNull();
		return properties;
	}

	/** Leaf properties of the main code's {@code @ConfigurationProperties} records. */
	private static Set<String> codeProperties() throws Exception {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		Set<String> properties = new TreeSet<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents("dev.bondify")) {
			Class<?> type = ClassUtils.forName(candidate.getBeanClassName(), null);
			String location = type.getProtectionDomain().getCodeSource().getLocation().toString();
			if (location.contains("test-classes")) {
				continue;
			}
			ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
			String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
			if (prefix.startsWith("bondify")) {
				collect(type, prefix, properties);
			}
		}
		return properties;
	}

	private static void collect(Class<?> type, String prefix, Set<String> properties) {
		if (!type.isRecord()) {
			properties.add(prefix);
			return;
		}
		for (RecordComponent component : type.getRecordComponents()) {
			String name = prefix + "." + kebab(component.getName());
			Class<?> componentType = component.getType();
			if (componentType.isRecord() && componentType.getName().startsWith("dev.bondify")) {
				collect(componentType, name, properties);
			}
			else {
				properties.add(name);
			}
		}
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

}
