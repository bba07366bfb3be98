package dev.bondify.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback webhook endpoint that reads each request and never answers, and knows how
 * many requests are open right now: one stops being open when its sender gives up and
 * closes the connection (its timeout), which the JDK's {@code HttpServer} cannot see. So
 * tests assert what the sender held at once (the peak) and what was still open when
 * something else happened, instead of running totals that depend on how fast the box is.
 */
public final class HangingEndpoint implements AutoCloseable {

	private final ServerSocket server;

	private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

	private final AtomicInteger received = new AtomicInteger();

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicInteger peakOpen = new AtomicInteger();

	public HangingEndpoint() {
		try {
			this.server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		Thread.ofVirtual().name("hanging-endpoint").start(this::accept);
	}

	/** The URL to configure as a project's webhook_url. */
	public String url() {
		return "http://127.0.0.1:" + this.server.getLocalPort() + "/hook";
	}

	/** Requests read so far, open or not. */
	public int received() {
		return this.received.get();
	}

	/** Requests read whose sender has not closed the connection yet. */
	public int openNow() {
		return this.open.get();
	}

	/** The most requests that were open at the same time. */
	public int peakOpen() {
		return this.peakOpen.get();
	}

	/** Waits (with a deadline) until at least {@code count} requests were read. */
	public void awaitReceived(int count) {
		WebhookReceiver.awaitUntil(() -> this.received.get() >= count,
				"hanging endpoint to get " + count + " request(s), got " + this.received.get());
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
		this.connections.forEach(HangingEndpoint::closeQuietly);
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.connections.add(socket);
				Thread.ofVirtual().start(() -> hang(socket));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void hang(Socket socket) {
		try (socket) {
			InputStream in = socket.getInputStream();
			if (!readRequest(in)) {
				return;
			}
			this.received.incrementAndGet();
			int now = this.open.incrementAndGet();
			this.peakOpen.accumulateAndGet(now, Math::max);
			try {
				// The sender sends nothing more: this returns when it closes (or resets).
				while (in.read() != -1) {
					// Ignored.
				}
			}
			catch (IOException ex) {
				// Closed by the sender or by close().
			}
			finally {
				this.open.decrementAndGet();
			}
		}
		catch (IOException ex) {
			// The sender gave up before its request was read.
		}
		finally {
			this.connections.remove(socket);
		}
	}

	/**
	 * Reads the head and the {@code Content-Length} body; false (or an exception) at a
	 * premature end.
	 */
	private static boolean readRequest(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < end.length) {
			int next = in.read();
			if (next == -1) {
				return false;
			}
			head.write(next);
			matched = (next == end[matched]) ? matched + 1 : ((next == '\r') ? 1 : 0);
		}
		long length = 0;
		for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				length = Long.parseLong(line.substring("content-length:".length()).trim());
			}
		}
		in.skipNBytes(length);
		return true;
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

}
