package dev.bondify.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a random loopback port that records the raw bytes and headers of
 * every request and answers as scripted: a status, a redirect, or no answer until
 * released (slower than any timeout).
 */
public final class WebhookReceiver implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final Deque<Answer> script = new ArrayDeque<>();

	private final CountDownLatch release = new CountDownLatch(1);

	private Answer fallback = Answer.status(200);

	private volatile Consumer<Received> onReceived = (request) -> {
	};

	public WebhookReceiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** The URL to configure as a project's webhook_url. */
	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook";
	}

	/** The next requests get these answers, in order; afterwards the fallback. */
	public synchronized WebhookReceiver thenAnswer(Answer... answers) {
		this.script.addAll(List.of(answers));
		return this;
	}

	/** Every request not covered by the script gets this answer. */
	public synchronized WebhookReceiver alwaysAnswer(Answer answer) {
		this.fallback = answer;
		return this;
	}

	/**
	 * Runs {@code listener} on the receiving thread as each request arrives (before it is
	 * answered), to note what else was true at that moment.
	 */
	public WebhookReceiver whenReceived(Consumer<Received> listener) {
		this.onReceived = listener;
		return this;
	}

	public List<Received> received() {
		return List.copyOf(this.received);
	}

	/**
	 * Waits (with a deadline, no fixed sleep) until at least {@code count} requests
	 * arrived; returns them all.
	 */
	public List<Received> await(int count) {
		awaitUntil(() -> this.received.size() >= count,
				"receiver to get " + count + " request(s), got " + this.received.size());
		return received();
	}

	@Override
	public void close() {
		this.release.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		Map<String, String> headers = new TreeMap<>();
		exchange.getRequestHeaders()
			.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
		Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body);
		this.onReceived.accept(request);
		this.received.add(request);
		Answer answer;
		synchronized (this) {
			answer = this.script.isEmpty() ? this.fallback : this.script.poll();
		}
		try {
			if (answer.slow()) {
				this.release.await(30, TimeUnit.SECONDS);
			}
			if (answer.location() != null) {
				exchange.getResponseHeaders().set("Location", answer.location());
			}
			exchange.sendResponseHeaders(answer.status(), -1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			exchange.close();
		}
	}

	public static void awaitUntil(BooleanSupplier condition, String what) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out waiting for " + what);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

	/**
	 * One recorded request: method, path, headers (lower-case names) and the raw body
	 * bytes.
	 */
	public record Received(String method, String path, Map<String, String> headers, byte[] body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

		public String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

	/** How to answer one request. */
	public record Answer(int status, String location, boolean slow) {

		public static Answer status(int status) {
			return new Answer(status, null, false);
		}

		public static Answer redirect(String location) {
			return new Answer(302, location, false);
		}

		/** No answer until the receiver closes: slower than the sender's timeout. */
		public static Answer slowerThanAnyTimeout() {
			return new Answer(200, null, true);
		}

	}

}
