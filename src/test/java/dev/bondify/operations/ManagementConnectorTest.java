package dev.bondify.operations;

import java.net.InetAddress;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The probe connector on a real (standalone) Tomcat: the address it binds to, the limits
 * it takes from the main connector, and the port it compares requests with.
 */
class ManagementConnectorTest {

	@Test
	void bindsToTheConfiguredAddressWithTheMainConnectorsLimits() throws Exception {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
		factory.setAddress(InetAddress.getLoopbackAddress());
		// What Spring Boot does with server.tomcat.max-swallow-size and friends.
		factory.addConnectorCustomizers((main) -> {
			main.setMaxPostSize(16 * 1024);
			AbstractHttp11Protocol<?> protocol = (AbstractHttp11Protocol<?>) main.getProtocolHandler();
			protocol.setMaxSwallowSize(64 * 1024);
			protocol.setMaxHttpRequestHeaderSize(12 * 1024);
		});
		ManagementPortFilter filter = new ManagementPortFilter(null);
		new ManagementConnector().managementConnectorCustomizer(new ManagementProperties(0, 2, "127.0.0.1"), 0, filter)
			.customize(factory);

		TomcatWebServer server = (TomcatWebServer) factory.getWebServer();
		try {
			server.start();
			Connector connector = filter.connector();
			assertThat(connector).isNotNull();
			assertThat(filter.bound()).isPositive().isEqualTo(connector.getLocalPort()).isNotEqualTo(server.getPort());
			AbstractHttp11Protocol<?> protocol = (AbstractHttp11Protocol<?>) connector.getProtocolHandler();
			assertThat(((AbstractProtocol<?>) protocol).getAddress())
				.as("the address the management socket is bound to")
				.isEqualTo(InetAddress.getByName("127.0.0.1"));
			assertThat(connector.getMaxPostSize()).isEqualTo(16 * 1024);
			assertThat(protocol.getMaxSwallowSize()).isEqualTo(64 * 1024);
			assertThat(protocol.getMaxHttpRequestHeaderSize()).isEqualTo(12 * 1024);
			assertThat(protocol.getConnectionTimeout()).isBetween(1, 5_000);
			assertThat(protocol.getKeepAliveTimeout()).isBetween(1, 5_000);
			assertThat(protocol.getMaxConnections()).isEqualTo(64);
		}
		finally {
			server.stop();
			server.destroy();
		}
	}

	@Test
	void listensOnEveryInterfaceWhenNoAddressIsSet() {
		Connector connector = ManagementConnector.connector(new ManagementProperties(0, 2, " "));
		assertThat(((AbstractProtocol<?>) connector.getProtocolHandler()).getAddress()).isNull();
	}

	@Test
	void refusesAnAddressThatDoesNotResolve() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ManagementConnector.connector(new ManagementProperties(0, 2, "[::1")))
			.withMessageContaining("bondify.management.address");
	}

	@Test
	void requestsAreMatchedAgainstThePortReadOnceAtStartUp() {
		Connector connector = mock(Connector.class);
		given(connector.getLocalPort()).willReturn(9001);
		ManagementPortFilter filter = new ManagementPortFilter(null);
		filter.connector(connector);
		HttpServletRequest onManagement = mock(HttpServletRequest.class);
		given(onManagement.getLocalPort()).willReturn(9001);
		HttpServletRequest onMain = mock(HttpServletRequest.class);
		given(onMain.getLocalPort()).willReturn(8080);

		assertThat(filter.served(onManagement)).as("not before the server has started").isFalse();
		assertThat(filter.bound()).isEqualTo(9001);
		for (int i = 0; i < 3; i++) {
			assertThat(filter.served(onManagement)).isTrue();
			assertThat(filter.served(onMain)).isFalse();
		}
		verify(connector, times(1)).getLocalPort();
	}

}
