package dev.bondify.database;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.bondify.BondifyApplication;
import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When PostgreSQL goes away the API answers 503 with the error contract, and it recovers
 * by itself when the database is back.
 */
class DatabaseOutageIntegrationTest {

	@TempDir
	Path dataDir;

	@Test
	void requestsFailWith503WhileTheDatabaseIsDownAndRecoverAfterwards() throws Exception {
		int dbPort = freePort();
		EmbeddedDatabase database = EmbeddedDatabase.start(this.dataDir, dbPort);
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(BondifyApplication.class).run(
				"--server.port=0", "--spring.datasource.url=" + database.jdbcUrl(),
				"--spring.datasource.username=postgres", "--bondify.telegram.mode=off",
				"--spring.datasource.hikari.connection-timeout=1000")) {
			ApiClient api = new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());
			String body = "{\"project_id\":\"proj_doesnotexist0000\"}";
			assertThat(api.post("/api/v1/generate/public", body).code()).isEqualTo("PROJECT_NOT_FOUND");

			database.close();
			Response down = api.post("/api/v1/generate/public", body);
			assertThat(down.status()).isEqualTo(503);
			assertThat(down.code()).isEqualTo("SERVICE_UNAVAILABLE");
			assertThat(down.field("error")).doesNotContain("Exception");

			database = EmbeddedDatabase.start(this.dataDir, dbPort);
			Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
			Response recovered = api.post("/api/v1/generate/public", body);
			while (recovered.status() == 503 && Instant.now().isBefore(deadline)) {
				recovered = api.post("/api/v1/generate/public", body);
			}
			assertThat(recovered.status()).isEqualTo(404);
			assertThat(recovered.code()).isEqualTo("PROJECT_NOT_FOUND");
		}
		finally {
			database.close();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
