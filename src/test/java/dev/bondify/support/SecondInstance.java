package dev.bondify.support;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bondify.BondifyApplication;

/**
 * Starts a second instance of the application on the test database (another port, its own
 * movable clock, Telegram off), for tests of what several instances share: as a JUnit
 * extension ({@code @RegisterExtension static final SecondInstance other = new
 * SecondInstance();} runs it for the test class) or by {@link #start}.
 */
public final class SecondInstance implements BeforeAllCallback, AfterAllCallback {

	private final String[] extraArguments;

	private ConfigurableApplicationContext context;

	/**
	 * The instance a test class runs beside its own.
	 * @param extraArguments further {@code --name=value} settings
	 */
	public SecondInstance(String... extraArguments) {
		this.extraArguments = extraArguments.clone();
	}

	@Override
	public void beforeAll(ExtensionContext extension) {
		this.context = start(this.extraArguments);
	}

	@Override
	public void afterAll(ExtensionContext extension) {
		if (this.context != null) {
			this.context.close();
			this.context = null;
		}
	}

	/** A bean of the running instance. */
	public <T> T getBean(Class<T> type) {
		return this.context.getBean(type);
	}

	/** The running instance's HTTP port. */
	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	/**
	 * Starts the instance; close it when the test class is done.
	 * @param extraArguments further {@code --name=value} settings
	 * @return the running instance's context
	 */
	public static ConfigurableApplicationContext start(String... extraArguments) {
		TestDatabase.Connection db = TestDatabase.get();
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + db.url(),
				"--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
				"--bondify.data-dir=target/test-data", "--bondify.telegram.mode=off",
				"--bondify.web.trusted-proxies=127.0.0.1,::1", "--spring.jmx.enabled=false",
				"--spring.datasource.hikari.maximum-pool-size=5"));
		arguments.addAll(List.of(extraArguments));
		return new SpringApplicationBuilder(BondifyApplication.class, TestClockConfiguration.class)
			.run(arguments.toArray(String[]::new));
	}

}
