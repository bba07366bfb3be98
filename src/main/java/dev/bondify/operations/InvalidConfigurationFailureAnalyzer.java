package dev.bondify.operations;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.bondify.system.InvalidConfigurationException;

/**
 * Reports a start-up stopped by {@link InvalidConfigurationException} as its sentence and
 * an action, not a trace.
 */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

	static final String ACTION = "Set or correct that environment variable (see docs/configuration.md) "
			+ "and start Bondify again.";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
		return new FailureAnalysis(cause.getMessage(), ACTION, cause);
	}

}
