package dev.bondify.operations;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mockito;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.PropertySourcesPlaceholderConfigurer;
import org.springframework.core.env.Environment;

import dev.bondify.system.ErrorResponseWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A port already in use stops start-up with one sentence naming the variable to change:
 * {@code SERVER_PORT} for the main port, {@code BONDIFY_MANAGEMENT_PORT} for the
 * management port. Runs a real Tomcat with the management connector and the real failure
 * analyzers, against a port this test holds.
 */
@ExtendWith(OutputCaptureExtension.class)
class PortInUseStartupTest {

	@Test
	void mainPortInUseNamesServerPort(CapturedOutput output) throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			assertThatThrownBy(
					() -> run("--server.port=" + port, "--server.address=127.0.0.1", "--bondify.management.port=-1"))
				.isInstanceOf(Exception.class);

			assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
				.contains("Port " + port + " is already in use; set SERVER_PORT to a free port.")
				.doesNotContain("BONDIFY_MANAGEMENT_PORT to a free port");
		}
	}

	@Test
	void managementPortInUseNamesBondifyManagementPort(CapturedOutput output) throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			assertThatThrownBy(() -> run("--server.port=0", "--server.address=127.0.0.1",
					"--bondify.management.port=" + port, "--bondify.management.address=127.0.0.1"))
				.isInstanceOf(Exception.class);

			assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
				.contains("Port " + port
						+ " is already in use; set BONDIFY_MANAGEMENT_PORT to a free port (or -1 for none).")
				.doesNotContain("set SERVER_PORT");
		}
	}

	@Test
	void withoutAManagementPortOneJarUsesOnePort() {
		try (ConfigurableApplicationContext context = run("--server.port=0", "--server.address=127.0.0.1",
				"--bondify.management.port=-1")) {
			assertThat(context.getBean(ManagementPortFilter.class).port()).isEqualTo(-1);
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(WebServerOnly.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		return application.run(args);
	}

	/** Tomcat, the management connector and nothing else. */
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ManagementProperties.class)
	@Import(ManagementConnector.class)
	static class WebServerOnly {

		@Bean
		TomcatServletWebServerFactory tomcat(Environment environment,
				ObjectProvider<WebServerFactoryCustomizer<TomcatServletWebServerFactory>> customizers)
				throws IOException {
			TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(
					environment.getRequiredProperty("server.port", Integer.class));
			factory.setAddress(InetAddress.getLoopbackAddress());
			customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
			return factory;
		}

		@Bean
		static PropertySourcesPlaceholderConfigurer placeholders() {
			return new PropertySourcesPlaceholderConfigurer();
		}

		@Bean
		ErrorResponseWriter errorResponseWriter() {
			return Mockito.mock(ErrorResponseWriter.class);
		}

	}

}
