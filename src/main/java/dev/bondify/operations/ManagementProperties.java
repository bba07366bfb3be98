package dev.bondify.operations;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the probe connector listens: a second HTTP port that answers only the health and
 * metrics paths, on platform threads of its own.
 *
 * @param port TCP port of the probe connector; 0 picks a free one, -1 (or the server's
 * own port) switches the connector off
 * @param threads platform threads serving it (probes are few and answer in microseconds)
 * @param address the local address it binds to (the server's {@code server.address} when
 * not set); null or blank for every interface
 */
@ConfigurationProperties("bondify.management")
record ManagementProperties(int port, int threads, String address) {

	ManagementProperties {
		if (port < -1 || port > 65535) {
			throw new IllegalArgumentException(
					"bondify.management.port must be -1 (off), 0 (any free port) or a TCP port.");
		}
		if (threads < 1) {
			throw new IllegalArgumentException("bondify.management.threads must be at least 1.");
		}
		address = (address == null || address.isBlank()) ? null : address.strip();
	}

	boolean enabled(int serverPort) {
		return this.port != -1 && (this.port == 0 || this.port != serverPort);
	}

}
