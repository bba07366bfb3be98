package dev.bondify.demo;

import java.sql.Timestamp;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.bondify.database.EmbeddedDatabase;
import dev.bondify.sandbox.SandboxProperties;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.PublicUrl;
import dev.bondify.system.RandomTokens;
import dev.bondify.system.SecretSealer;
import dev.bondify.system.StartupReport;

/**
 * The sandbox project behind the demo page: created once, at the first start with the
 * demo enabled, under a fixed id so every restart and every instance finds the same one.
 */
@Component
class DemoProject implements ApplicationRunner, StartupReport {

	/**
	 * Fixed, so creation is one idempotent insert; shorter than generated ids, so it can
	 * never collide with one.
	 */
	static final String ID = "proj_sandboxdemo";

	static final String NAME = "Bondify demo";

	private static final Logger log = LoggerFactory.getLogger(DemoProject.class);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Environment environment;

	private final String publicUrl;

	private final boolean enabled;

	private final SecretSealer sealer;

	DemoProject(DemoProperties properties, SandboxProperties sandbox, ObjectProvider<EmbeddedDatabase> embedded,
			JdbcTemplate jdbc, Clock clock, Environment environment, PublicUrl publicUrl, SecretSealer sealer) {
		this.jdbc = jdbc;
		this.sealer = sealer;
		this.clock = clock;
		this.environment = environment;
		this.publicUrl = publicUrl.value();
		boolean wanted = (properties.enabled() != null) ? properties.enabled() : embedded.getIfAvailable() != null;
		this.enabled = wanted && sandbox.enabled();
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.enabled) {
			log.info("Demo page off (BONDIFY_DEMO_ENABLED, on by default only with the embedded database, "
					+ "needs BONDIFY_SANDBOX_ENABLED=true)");
			return;
		}
		String created = create();
		if (created != null) {
			// Never the whole key in a log: logs are shipped and kept where secrets must
			// not be.
			log.info(
					"Created the sandbox demo project {} (\"{}\") with test secret key {}… "
							+ "(full key: select secret_key from projects where id = '{}')",
					ID, NAME, created.substring(0, 12), ID);
		}
		log.info("Demo: open {}/ and press \"Sign in with Telegram\"", baseUrl());
	}

	boolean isEnabled() {
		return this.enabled;
	}

	@Override
	public String describe() {
		return this.enabled ? "demo on at " + baseUrl() + "/" : "demo off";
	}

	/**
	 * Fails with 404 when the demo is off, so its page and endpoints do not exist then.
	 */
	void requireEnabled() {
		if (!this.enabled) {
			throw new ApiException(ErrorCode.NOT_FOUND,
					"The demo is off on this server (BONDIFY_DEMO_ENABLED=true turns it on).");
		}
	}

	/**
	 * Inserts the demo project unless it exists; returns its new secret key, or null when
	 * it already existed.
	 */
	String create() {
		String secretKey = RandomTokens.base64Url256("sk_test_");
		int inserted = this.jdbc.update("""
				insert into projects (id, name, secret_key, secret_key_hash, sandbox, created_at)
				values (?, ?, ?, ?, true, ?)
				on conflict (id) do nothing""", ID, NAME, this.sealer.sealText(secretKey),
				RandomTokens.sha256(secretKey), Timestamp.from(this.clock.instant()));
		return (inserted == 1) ? secretKey : null;
	}

	private String baseUrl() {
		if (!this.publicUrl.isEmpty()) {
			return this.publicUrl;
		}
		return "http://localhost:" + this.environment.getProperty("local.server.port",
				this.environment.getProperty("server.port", "8080"));
	}

}
