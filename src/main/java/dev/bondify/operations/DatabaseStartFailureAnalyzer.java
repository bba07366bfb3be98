package dev.bondify.operations;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;

import dev.bondify.database.EmbeddedDatabaseUnavailableException;

/**
 * Turns a start-up that failed on the database (embedded PostgreSQL missing for this
 * platform, external PostgreSQL unreachable, credentials refused, database missing) into
 * one sentence and what to do, instead of a page of stack frames.
 */
class DatabaseStartFailureAnalyzer implements FailureAnalyzer {

	private final Environment environment;

	DatabaseStartFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof EmbeddedDatabaseUnavailableException) {
				return new FailureAnalysis(cause.getMessage(),
						"Use a jar built for this platform, or point SPRING_DATASOURCE_URL at a PostgreSQL 17.", cause);
			}
			String sqlState = (cause instanceof SQLException sql) ? sql.getSQLState() : null;
			if (sqlState != null && (sqlState.equals("28P01") || sqlState.equals("28000"))) {
				return new FailureAnalysis(
						"PostgreSQL at " + url() + " refused the credentials of user " + user() + ".",
						"Correct SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD and start Bondify again.",
						cause);
			}
			if ("3D000".equals(sqlState)) {
				return new FailureAnalysis("The database named in " + url() + " does not exist.",
						"Create it (CREATE DATABASE …) or correct SPRING_DATASOURCE_URL, then start Bondify again.",
						cause);
			}
			if (isUnreachable(cause, sqlState)) {
				return new FailureAnalysis("PostgreSQL at " + url() + " is unreachable (" + reason(cause) + ").",
						"Start PostgreSQL or correct SPRING_DATASOURCE_URL (unset it to use the embedded PostgreSQL), "
								+ "then start Bondify again.",
						cause);
			}
		}
		return null;
	}

	private static boolean isUnreachable(Throwable cause, String sqlState) {
		return cause instanceof ConnectException || cause instanceof UnknownHostException
				|| cause instanceof NoRouteToHostException || (sqlState != null && sqlState.startsWith("08"));
	}

	private static String reason(Throwable cause) {
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		if (root instanceof UnknownHostException) {
			return "unknown host " + root.getMessage();
		}
		String message = String.valueOf(root.getMessage()).toLowerCase(Locale.ROOT);
		if (message.contains("refused")) {
			return "connection refused";
		}
		if (message.contains("timed out") || message.contains("timeout")) {
			return "connection timed out";
		}
		return root.getClass().getSimpleName();
	}

	private String url() {
		String url = (this.environment != null) ? this.environment.getProperty("spring.datasource.url") : null;
		if (url == null || url.isBlank()) {
			return "the embedded server";
		}
		// A JDBC URL may carry a password as a parameter; never print it.
		int parameters = url.indexOf('?');
		return (parameters >= 0) ? url.substring(0, parameters) : url;
	}

	private String user() {
		String user = (this.environment != null) ? this.environment.getProperty("spring.datasource.username") : null;
		return (user == null || user.isBlank()) ? "(none set)" : user;
	}

}
