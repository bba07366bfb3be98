package dev.bondify.support;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.bondify.project.ProjectRepository;
import dev.bondify.system.SecretSealer;

/**
 * Base of every full-stack test: the real application on a random port, on a real
 * PostgreSQL, with a movable clock. All subclasses share one Spring context (same
 * configuration), so the suite starts the service once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "bondify.telegram.bot-token=123456:test-token", "bondify.telegram.bot-username=bondify_test_bot",
				"bondify.telegram.webhook-secret=test-webhook-secret", "bondify.web.trusted-proxies=127.0.0.1,::1",
				"bondify.telegram.client.request-timeout=PT2S", "bondify.data-dir=target/test-data",
				"bondify.demo.enabled=true", "bondify.webhooks.allow-insecure=true",
				"bondify.webhooks.allow-private-targets=true", "bondify.webhooks.timeout=2s" })
@Import(TestClockConfiguration.class)
public abstract class IntegrationTest {

	@LocalServerPort
	protected int port;

	@Autowired
	protected MutableClock clock;

	@Autowired
	protected JdbcTemplate jdbc;

	@Autowired
	private org.springframework.core.env.Environment environment;

	@Autowired
	protected ProjectRepository projectRepository;

	/**
	 * Opens what the application stores sealed (phones, secret keys, webhook payloads).
	 */
	@Autowired
	protected SecretSealer sealer;

	protected ApiClient api;

	protected TestProjects projects;

	protected TestDevelopers developers;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.Connection db = TestDatabase.get();
		registry.add("spring.datasource.url", db::url);
		registry.add("spring.datasource.username", db::username);
		registry.add("spring.datasource.password", db::password);
		registry.add("bondify.telegram.api-url", FakeBotApi.get()::url);
		registry.add("bondify.exchange.webapp-public-keys", FakeTelegramLogin.get()::webappPublicKeyHex);
		registry.add("bondify.telegram.oidc.jwks-url", FakeTelegramLogin.get()::jwksUrl);
	}

	@BeforeEach
	void setUpIntegrationTest() {
		this.clock.reset();
		this.api = new ApiClient(this.port);
		this.projects = new TestProjects(this.projectRepository, this.clock);
		this.developers = new TestDevelopers(this.api);
	}

	/**
	 * The Prometheus scrape, from the management port when one is on (the main port
	 * answers it with 404 then), else from the main port.
	 */
	protected ApiClient.Response scrape() {
		Integer management = this.environment.getProperty("local.management.port", Integer.class);
		return ((management != null) ? new ApiClient(management) : this.api).get("/actuator/prometheus");
	}

	/** Row count of a table, to assert that a rejected request changed nothing. */
	protected long count(String table) {
		Long count = this.jdbc.queryForObject("select count(*) from " + table, Long.class);
		return (count != null) ? count : 0;
	}

}
