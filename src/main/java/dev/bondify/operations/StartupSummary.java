package dev.bondify.operations;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.bondify.database.EmbeddedDatabase;
import dev.bondify.sandbox.SandboxProperties;
import dev.bondify.system.StartupReport;
import dev.bondify.telegram.TelegramProperties;

/**
 * Logs one line, once the service is ready, that says how it runs: the database, the
 * Telegram mode, the sandbox, the demo and the public URL, so an operator sees a
 * misconfiguration (no bot, no public URL) without reading the whole log.
 */
@Component
class StartupSummary {

	private static final Logger log = LoggerFactory.getLogger(StartupSummary.class);

	private final Environment environment;

	private final ObjectProvider<EmbeddedDatabase> embedded;

	private final TelegramProperties telegram;

	private final SandboxProperties sandbox;

	private final ObjectProvider<StartupReport> reports;

	StartupSummary(Environment environment, ObjectProvider<EmbeddedDatabase> embedded, TelegramProperties telegram,
			SandboxProperties sandbox, ObjectProvider<StartupReport> reports) {
		this.environment = environment;
		this.embedded = embedded;
		this.telegram = telegram;
		this.sandbox = sandbox;
		this.reports = reports;
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		log.info(summary());
	}

	String summary() {
		List<String> parts = new ArrayList<>();
		parts.add("port " + this.environment.getProperty("local.server.port",
				this.environment.getProperty("server.port", "8080")));
		String management = this.environment.getProperty(ManagementConnector.LOCAL_PORT_PROPERTY);
		parts.add((management != null) ? "management port " + management + " (health, metrics)"
				: "no management port (BONDIFY_MANAGEMENT_PORT is -1 or the main port: probe the main port)");
		parts.add("database " + database());
		parts.add("Telegram " + telegram());
		parts.add("sandbox " + (this.sandbox.enabled() ? "on" : "off (BONDIFY_SANDBOX_ENABLED=false)"));
		this.reports.orderedStream().map(StartupReport::describe).forEach(parts::add);
		String publicUrl = this.environment.getProperty("bondify.public-url", "").trim();
		parts.add(publicUrl.isEmpty()
				? "public URL unset (links and QR codes use the request's host: set BONDIFY_PUBLIC_URL so phones and "
						+ "Telegram can reach this server)"
				: "public URL " + publicUrl);
		return "Bondify ready: " + String.join("; ", parts);
	}

	private String database() {
		if (this.embedded.getIfAvailable() != null) {
			return "embedded PostgreSQL in " + this.environment.getProperty("bondify.data-dir", "./.bondify")
					+ " (SPRING_DATASOURCE_URL unset)";
		}
		String url = this.environment.getProperty("spring.datasource.url", "");
		int parameters = url.indexOf('?');
		return "external " + ((parameters >= 0) ? url.substring(0, parameters) : url);
	}

	private String telegram() {
		return switch (this.telegram.effectiveMode()) {
			case OFF -> "off (no BONDIFY_TELEGRAM_BOT_TOKEN: only sandbox projects can sign in)";
			case WEBHOOK -> "webhook mode" + bot();
			case POLLING -> "polling mode" + bot();
		};
	}

	private String bot() {
		String username = this.telegram.botUsername();
		return (username == null || username.isBlank())
				? " without BONDIFY_TELEGRAM_BOT_USERNAME (live sign-ins refused)" : " as @" + username;
	}

}
