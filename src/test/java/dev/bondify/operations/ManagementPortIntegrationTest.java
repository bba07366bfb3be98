package dev.bondify.operations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.ApiClient;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.QuietOutput;
import dev.bondify.support.RequestLogLevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The management port answers the probes and the scrape on its own platform threads: also
 * while every carrier of the virtual threads that serve the main port is busy, and
 * nothing but those paths.
 */
// Every main-port request on a virtual thread, so that busy carriers saturate it.
@TestPropertySource(properties = "bondify.web.platform-workers=0")
@ExtendWith(QuietOutput.class)
class ManagementPortIntegrationTest extends IntegrationTest {

	@BeforeEach
	void requestLogOn() {
		RequestLogLevel.on();
	}

	@AfterEach
	void requestLogOff() {
		RequestLogLevel.off();
	}

	@Autowired
	Environment environment;

	@Autowired
	ManagementPortFilter managementPortFilter;

	private ApiClient management() {
		Integer port = this.environment.getProperty(ManagementConnector.LOCAL_PORT_PROPERTY, Integer.class);
		assertThat(port).as("the management connector's bound port is published").isNotNull().isNotEqualTo(this.port);
		return new ApiClient(port);
	}

	@Test
	void probesAndScrapeAnswerOnTheManagementPortAsOnTheMainPort() {
		ApiClient management = management();
		for (String path : new String[] { "/actuator/health/liveness", "/actuator/health/readiness",
				"/actuator/health" }) {
			Response response = management.get(path);
			assertThat(response.status()).as(path).isEqualTo(200);
			assertThat(response.field("status")).as(path).isEqualTo("UP");
			assertThat(this.api.get(path).status()).as("%s on the main port", path).isEqualTo(200);
		}
		Response scrape = management.get("/actuator/prometheus");
		assertThat(scrape.status()).isEqualTo(200);
		assertThat(scrape.body()).contains("jvm_memory_used_bytes");
		// With a management port, the metrics are served there only.
		for (String path : new String[] { "/actuator/prometheus", "//actuator/prometheus" }) {
			Response onMain = this.api.get(path);
			assertThat(onMain.status()).as(path).isEqualTo(404);
			assertThat(onMain.code()).isEqualTo("NOT_FOUND");
			assertThat(onMain.body()).doesNotContain("jvm_memory_used_bytes");
		}
	}

	/**
	 * The limits Spring Boot set on the main connector from server.tomcat.* (64 KB, 16 KB
	 * in application.yml), not Tomcat's 2 MB defaults.
	 */
	@Test
	void managementConnectorHasTheMainConnectorsRequestLimits() {
		Connector connector = this.managementPortFilter.connector();
		assertThat(connector).isNotNull();
		AbstractHttp11Protocol<?> protocol = (AbstractHttp11Protocol<?>) connector.getProtocolHandler();
		assertThat(protocol.getMaxSwallowSize()).isEqualTo(64 * 1024);
		assertThat(connector.getMaxPostSize()).isEqualTo(16 * 1024);
		assertThat(this.managementPortFilter.port()).isEqualTo(connector.getLocalPort());
	}

	@Test
	void managementPortAnswersNothingElse() {
		ApiClient management = management();
		for (String path : new String[] { "/", "/api/v1/dev/projects", "/v3/api-docs", "/actuator/env",
				"/actuator/health/../../api/v1/dev/projects", "/actuator/%2e%2e/v3/api-docs",
				"/sandbox/telegram?start=x", "/actuator/prometheus/x" }) {
			Response response = management.get(path);
			assertThat(response.status()).as(path).isIn(400, 404);
			assertThat(response.header("Content-Type")).as(path).startsWith("application/json");
			assertThat(response.code()).as(path).isNotBlank();
		}
		Response generate = management.post("/api/v1/generate/public", "{\"project_id\":\"proj_x\"}");
		assertThat(generate.status()).isEqualTo(404);
		assertThat(generate.code()).isEqualTo("NOT_FOUND");
	}

	@Test
	void answeredProbesOnTheManagementPortAreNotLoggedItsRefusalsAre(CapturedOutput output) {
		ApiClient management = management();
		assertThat(management.get("/actuator/health/liveness", "X-Request-Id", "probe-on-management-1").status())
			.isEqualTo(200);
		assertThat(management.get("/api/v1/dev/projects", "X-Request-Id", "refused-on-management-1").status())
			.isEqualTo(404);
		assertThat(this.api.get("/actuator/health/liveness", "X-Request-Id", "probe-on-main-1").status())
			.isEqualTo(200);

		await().atMost(Duration.ofSeconds(10))
			.until(() -> output.getAll().contains("request_id=probe-on-main-1")
					&& output.getAll().contains("request_id=refused-on-management-1"));
		assertThat(output.getAll()).contains("GET /api/v1/dev/projects 404 ")
			.doesNotContain("request_id=probe-on-management-1");
	}

	/**
	 * Every carrier of the virtual-thread scheduler runs a busy loop that never yields,
	 * so the main port cannot start a request; the management port still answers.
	 */
	@Test
	void livenessAnswersOnTheManagementPortWhileTheMainPortCannotRunARequest() throws Exception {
		ApiClient management = management();
		assertThat(management.get("/actuator/health/liveness").status()).isEqualTo(200);
		HttpClient http = HttpClient.newHttpClient();
		AtomicBoolean spin = new AtomicBoolean(true);
		int carriers = Runtime.getRuntime().availableProcessors();
		CountDownLatch spinning = new CountDownLatch(carriers);
		List<Thread> spinners = new ArrayList<>();
		try {
			for (int i = 0; i < carriers * 2; i++) {
				spinners.add(Thread.ofVirtual().start(() -> {
					spinning.countDown();
					while (spin.get()) {
						Thread.onSpinWait();
					}
				}));
			}
			assertThat(spinning.await(10, TimeUnit.SECONDS)).as("every carrier is taken").isTrue();
			CompletableFuture<HttpResponse<String>> onMainPort = http.sendAsync(
					HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/actuator/health/liveness")).build(),
					HttpResponse.BodyHandlers.ofString());

			long started = System.nanoTime();
			Response liveness = management.get("/actuator/health/liveness");
			long millis = (System.nanoTime() - started) / 1_000_000;

			assertThat(liveness.status()).isEqualTo(200);
			assertThat(liveness.field("status")).isEqualTo("UP");
			assertThat(millis).as("liveness on the management port answered in %d ms", millis).isLessThan(10_000);
			// The saturation is real: the same probe on the main port has not been served
			// (it cannot be before a carrier is free).
			assertThat(onMainPort).isNotDone();
			spin.set(false);
			assertThat(onMainPort.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
		finally {
			spin.set(false);
			for (Thread spinner : spinners) {
				spinner.join(Duration.ofSeconds(10));
			}
		}
	}

}
