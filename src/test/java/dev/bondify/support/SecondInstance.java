package dev.bondify.support;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bondify.BondifyApplication;

/**
 * Starts a second instance of the application on the test database (another port, its own
 * movable clock, Telegram off), for tests of what several instances share.
 */
public final class SecondInstance {

	private SecondInstance() {
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
