package dev.bondify.operations;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Explains a {@code bondify.*} setting that cannot be bound by its environment variable,
 * value and expected form.
 */
// The variable is read from the application.yml placeholder; secrets are masked. Runs
// before Boot's generic bind
// analyzer, which still handles every other property.
class SettingBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

	private static final Pattern SECRET = Pattern.compile("(?i).*(secret|token|password|key).*");

	private final Environment environment;

	SettingBindFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		String name = cause.getName().toString();
		if (!name.startsWith("bondify.")) {
			return null;
		}
		ConfigurationProperty property = cause.getProperty();
		Throwable reason = (cause.getCause() != null) ? cause.getCause() : cause;
		if (property == null && find(reason, ConversionFailedException.class) == null) {
			// The group's own check refused the combination; its message is already the
			// sentence to show.
			String sentence = stripFullStop(String.valueOf(rootOf(reason).getMessage())) + ".";
			return new FailureAnalysis(sentence,
					"Correct that setting (see docs/configuration.md) " + "and start Bondify again.", cause);
		}
		String setting = settingName(name);
		StringBuilder description = new StringBuilder(setting).append(" is invalid");
		if (property != null && property.getValue() != null) {
			String value = SECRET.matcher(name).matches() ? "***" : resolvedValue(name, property);
			description.append(": \"").append(value).append("\"");
		}
		description.append(' ').append(expectation(reason)).append('.');
		return new FailureAnalysis(description.toString(),
				"Correct " + setting + " (see docs/configuration.md) and start Bondify again.", cause);
	}

	/**
	 * The value after {@code ${BONDIFY_X:default}} placeholders are resolved, as the
	 * operator wrote it.
	 */
	private String resolvedValue(String name, ConfigurationProperty property) {
		try {
			String resolved = this.environment.getProperty(name);
			return (resolved != null) ? resolved : String.valueOf(property.getValue());
		}
		catch (RuntimeException ex) {
			return String.valueOf(property.getValue());
		}
	}

	/**
	 * The environment variable that feeds the property in {@code application.yml}, else
	 * the property itself.
	 */
	private String settingName(String property) {
		if (this.environment instanceof ConfigurableEnvironment configurable) {
			for (PropertySource<?> source : configurable.getPropertySources()) {
				Object raw = source.getProperty(property);
				if (raw != null) {
					Matcher matcher = VARIABLE.matcher(raw.toString());
					if (matcher.find()) {
						return matcher.group(1) + " (" + property + ")";
					}
				}
			}
		}
		return property;
	}

	private static String expectation(Throwable reason) {
		ConversionFailedException conversion = find(reason, ConversionFailedException.class);
		if (conversion != null) {
			Class<?> type = conversion.getTargetType().getType();
			if (type.isEnum()) {
				return "(expected one of: " + Arrays.stream(type.getEnumConstants())
					.map(constant -> constant.toString().toLowerCase(Locale.ROOT))
					.collect(Collectors.joining(", ")) + ")";
			}
			if (type == java.time.Duration.class) {
				return "(expected an ISO-8601 duration such as PT10M, or a value such as 10m)";
			}
			return "(expected a value of type " + type.getSimpleName() + ")";
		}
		String message = rootOf(reason).getMessage();
		return (message != null) ? "(" + stripFullStop(message) + ")" : "";
	}

	private static Throwable rootOf(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root;
	}

	private static String stripFullStop(String message) {
		return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
	}

	private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return null;
	}

}
