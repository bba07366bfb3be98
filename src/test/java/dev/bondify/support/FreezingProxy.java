package dev.bondify.support;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.zaxxer.hikari.HikariDataSource;

/**
 * A loopback TCP proxy in front of the test PostgreSQL that, while frozen, stops
 * forwarding either way with every connection left open: a backend that went silent.
 */
public final class FreezingProxy implements Closeable {

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final ServerSocket server;

	private volatile boolean frozen;

	private FreezingProxy(String host, int port) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> {
			while (!this.server.isClosed()) {
				try {
					Socket client = this.server.accept();
					Socket backend = new Socket(host, port);
					this.sockets.add(client);
					this.sockets.add(backend);
					pump(client.getInputStream(), backend.getOutputStream());
					pump(backend.getInputStream(), client.getOutputStream());
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "frozen-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Starts a proxy in front of the test database.
	 * @return the proxy, forwarding
	 */
	public static FreezingProxy start() throws IOException {
		TestDatabase.Connection db = TestDatabase.get();
		URI target = URI.create(db.url().substring("jdbc:".length()));
		return new FreezingProxy(target.getHost(), target.getPort());
	}

	/** A pool that connects through this proxy (close it after use). */
	public HikariDataSource dataSource() {
		TestDatabase.Connection db = TestDatabase.get();
		URI target = URI.create(db.url().substring("jdbc:".length()));
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(db.url().replace(":" + target.getPort() + "/", ":" + this.server.getLocalPort() + "/"));
		dataSource.setUsername(db.username());
		dataSource.setPassword(db.password());
		return dataSource;
	}

	public void freeze(boolean frozen) {
		this.frozen = frozen;
	}

	@Override
	public void close() throws IOException {
		this.frozen = false;
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
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
