package dev.bondify.support;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Switches the request log on for the tests that check it: it is off in tests
 * (config/application.yml), where it would print thousands of lines a build.
 */
public final class RequestLogLevel {

	private static final String LOGGER = "dev.bondify.request";

	private RequestLogLevel() {
	}

	public static void on() {
		LoggingSystem.get(RequestLogLevel.class.getClassLoader()).setLogLevel(LOGGER, LogLevel.INFO);
	}

	public static void off() {
		LoggingSystem.get(RequestLogLevel.class.getClassLoader()).setLogLevel(LOGGER, LogLevel.WARN);
	}

}
