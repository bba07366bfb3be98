package dev.bondify.operations;

import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;

import dev.bondify.BondifyApplication;
import dev.bondify.support.QuietOutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real application pointed at a PostgreSQL that is not there stops with one sentence
 * and an action, not a page of stack frames.
 */
@ExtendWith(QuietOutput.class)
class DatabaseStartFailureTest {

	@Test
	void anUnreachableDatabaseIsOneSentence(CapturedOutput output) throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/bondify?password=s3cr3t-in-url";

		assertThatThrownBy(() -> SpringApplication.run(BondifyApplication.class, "--server.port=0",
				"--spring.datasource.url=" + url, "--bondify.data-dir=target/start-failure-data"))
			.isInstanceOf(Exception.class);

		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("PostgreSQL at jdbc:postgresql://127.0.0.1:" + closedPort
					+ "/bondify is unreachable (connection refused).")
			.contains("Start PostgreSQL or correct SPRING_DATASOURCE_URL")
			.doesNotContain("s3cr3t-in-url")
			.doesNotContain("\tat ");
	}

}
