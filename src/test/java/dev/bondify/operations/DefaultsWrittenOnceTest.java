package dev.bondify.operations;

import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each default of a {@code bondify.*} setting is written in one place: the
 * {@code ${BONDIFY_NAME:default}} of application.yml, which docs/configuration.md and the
 * deployment files mirror. A setting whose yml mapping has a default may not have a
 * second one in Java, neither as {@code @DefaultValue("…")} nor as a value the record's
 * constructor fills in when nothing is bound. (A Java default is fine where the yml
 * mapping has none, e.g. {@code ${BONDIFY_PLAN:}}.)
 */
class DefaultsWrittenOnceTest {

	private static final Pattern MAPPING = Pattern.compile("^\\$\\{[A-Za-z0-9_.-]+:(.*)\\}$");

	@Test
	void noSettingHasADefaultInApplicationYmlAndAnotherInJava() throws Exception {
		Properties yml = applicationYml();
		Set<String> twice = new TreeSet<>();
		int checked = 0;
		for (Class<?> type : propertiesRecords()) {
			ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
			String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
			checked += check(type, prefix, yml, twice);
		}

		assertThat(checked).as("settings checked").isGreaterThan(60);
		assertThat(twice)
			.as("defaults written both in application.yml and in Java: keep the yml one "
					+ "(${BONDIFY_NAME:default}) and drop the Java one")
			.isEmpty();
	}

	@Test
	void theCheckSeesBothKindsOfJavaDefault() throws Exception {
		Properties yml = new Properties();
		yml.setProperty("x.annotated", "${BONDIFY_ANNOTATED:5}");
		yml.setProperty("x.filled-in", "${BONDIFY_FILLED_IN:PT1M}");
		yml.setProperty("x.only-in-java", "${BONDIFY_ONLY_IN_JAVA:}");
		Set<String> twice = new TreeSet<>();

		check(Twice.class, "x", yml, twice);

		assertThat(twice).hasSize(2)
			.anyMatch((line) -> line.startsWith("x.annotated"))
			.anyMatch((line) -> line.startsWith("x.filled-in"));
	}

	/** A record that writes two defaults twice and one once. */
	record Twice(@DefaultValue("5") int annotated, java.time.Duration filledIn, String onlyInJava) {

		Twice {
			filledIn = (filledIn != null) ? filledIn : java.time.Duration.ofMinutes(1);
			onlyInJava = (onlyInJava != null) ? onlyInJava : "java";
		}

	}

	/**
	 * @return how many leaf settings were checked
	 */
	private static int check(Class<?> type, String prefix, Properties yml, Set<String> twice) throws Exception {
		RecordComponent[] components = type.getRecordComponents();
		Constructor<?> canonical = type
			.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new));
		Parameter[] parameters = canonical.getParameters();
		Object unbound = bindNothing(type, prefix);
		int checked = 0;
		for (int i = 0; i < components.length; i++) {
			RecordComponent component = components[i];
			component.getAccessor().setAccessible(true);
			String name = prefix + "." + kebab(component.getName());
			if (component.getType().isRecord() && component.getType().getName().startsWith("dev.bondify")) {
				checked += check(component.getType(), name, yml, twice);
				continue;
			}
			checked++;
			String ymlDefault = ymlDefault(yml.getProperty(name));
			if (ymlDefault == null) {
				continue;
			}
			DefaultValue annotated = parameters[i].getAnnotation(DefaultValue.class);
			if (annotated != null && annotated.value().length > 0) {
				twice.add(name + ": yml " + ymlDefault + ", @DefaultValue " + String.join(",", annotated.value()));
			}
			else if (unbound != null && !isEmpty(component.getAccessor().invoke(unbound))) {
				twice.add(name + ": yml " + ymlDefault + ", constructor " + component.getAccessor().invoke(unbound));
			}
		}
		return checked;
	}

	/**
	 * The record as bound from no settings at all: what its constructor fills in by
	 * itself; null when it refuses to start without settings (so it has no default).
	 */
	private static Object bindNothing(Class<?> type, String prefix) {
		try {
			return new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate(prefix, type);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static boolean isEmpty(Object value) {
		return value == null || Boolean.FALSE.equals(value)
				|| (value instanceof Number number && number.doubleValue() == 0)
				|| (value instanceof Collection<?> collection && collection.isEmpty())
				|| (value instanceof Optional<?> optional && optional.isEmpty())
				|| (value instanceof CharSequence text && text.isEmpty());
	}

	/** The default a yml value gives, or null for none ({@code ${NAME:}}). */
	static String ymlDefault(String value) {
		if (value == null) {
			return null;
		}
		Matcher mapping = MAPPING.matcher(value.strip());
		if (!mapping.matches()) {
			return value.isEmpty() ? null : value;
		}
		String fallback = mapping.group(1);
		if (fallback.startsWith("${")) {
			return ymlDefault(fallback);
		}
		return fallback.isEmpty() ? null : fallback;
	}

	private static Properties applicationYml() {
		YamlPropertiesFactoryBean factory = new YamlPropertiesFactoryBean();
		factory.setResources(new ClassPathResource("application.yml"));
		Properties properties = factory.getObject();
		assertThat(properties).isNotNull();
		return properties;
	}

	private static Set<Class<?>> propertiesRecords() throws Exception {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		Set<Class<?>> types = new java.util.LinkedHashSet<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents("dev.bondify")) {
			Class<?> type = ClassUtils.forName(candidate.getBeanClassName(), null);
			String location = type.getProtectionDomain().getCodeSource().getLocation().toString();
			ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
			String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
			if (!location.contains("test-classes") && type.isRecord() && prefix.startsWith("bondify")) {
				types.add(type);
			}
		}
		assertThat(types).as("properties records found").hasSizeGreaterThan(15);
		return types;
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

}
