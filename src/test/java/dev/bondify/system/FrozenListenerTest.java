package dev.bondify.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.bondify.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A LISTEN connection whose backend freezes (the socket stays open, nothing comes back)
 * stops being trusted within a second, so the caches that rely on it are bypassed; it is
 * trusted again once the link answers, and only after the caches were reset.
 */
class FrozenListenerTest {

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile boolean frozen;

	private ServerSocket proxy;

	private ChangeNotifications notifications;

	private HikariDataSource dataSource;

	@AfterEach
	void stop() throws IOException {
		if (this.notifications != null) {
			this.notifications.stop();
		}
		this.frozen = false;
		this.proxy.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.dataSource.close();
	}

	@Test
	void aFrozenBackendIsDistrustedWithinOneSecond() throws Exception {
		TestDatabase.Connection db = TestDatabase.get();
		URI target = URI.create(db.url().substring("jdbc:".length()));
		startProxy(target.getHost(), target.getPort());
		this.dataSource = new HikariDataSource();
		this.dataSource
			.setJdbcUrl(db.url().replace(":" + target.getPort() + "/", ":" + this.proxy.getLocalPort() + "/"));
		this.dataSource.setUsername(db.username());
		this.dataSource.setPassword(db.password());
		this.notifications = new ChangeNotifications(this.dataSource);
		List<String> received = new CopyOnWriteArrayList<>();
		this.notifications.subscribe(new ChangeNotifications.Subscriber() {
			@Override
			public void changed(String payload) {
				received.add(payload);
			}

			@Override
			public void reset() {
			}
		});
		this.notifications.start();
		await().atMost(Duration.ofSeconds(10)).until(this.notifications::isCurrent);

		this.frozen = true;
		long frozenAt = System.nanoTime();
		await().atMost(Duration.ofSeconds(2))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> !this.notifications.isCurrent());
		Duration noticed = Duration.ofNanos(System.nanoTime() - frozenAt);
		assertThat(noticed).as("a frozen link is distrusted within a second").isLessThan(Duration.ofSeconds(1));

		// Another instance's change while the link is frozen.
		try (java.sql.Connection direct = java.sql.DriverManager.getConnection(db.url(), db.username(),
				db.password())) {
			direct.createStatement().execute("select pg_notify('bondify_changes', 'sfrozen')");
		}
		this.frozen = false;
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).until(this.notifications::isCurrent);
		assertThat(received).as("trusted again only once the change made during the freeze was handed over")
			.contains("sfrozen");
	}

	/** A loopback TCP proxy that, while {@link #frozen}, stops forwarding either way. */
	private void startProxy(String host, int port) throws IOException {
		this.proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> {
			while (!this.proxy.isClosed()) {
				try {
					Socket client = this.proxy.accept();
					Socket server = new Socket(host, port);
					this.sockets.add(client);
					this.sockets.add(server);
					pump(client.getInputStream(), server.getOutputStream());
					pump(server.getInputStream(), client.getOutputStream());
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "frozen-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void pump(InputStream in, OutputStream out) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try {
				while (true) {
					while (this.frozen) {
						Thread.sleep(5);
					}
					int read = in.read(buffer);
					if (read < 0) {
						return;
					}
					// Bytes read just before a freeze are held back too.
					while (this.frozen) {
						Thread.sleep(5);
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// the proxy is closing
			}
		}, "frozen-proxy-pump");
		pump.setDaemon(true);
		pump.start();
	}

}
