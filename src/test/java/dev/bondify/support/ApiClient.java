package dev.bondify.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain JDK HTTP client against the running test server, so tests see exactly the bytes
 * a real client sees.
 */
public final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final AtomicInteger CLIENTS = new AtomicInteger();

	private final String baseUrl;

	private final String clientIp;

	/**
	 * A client with its own documentation-range client IP, sent as
	 * {@code X-Forwarded-For} (the test server trusts loopback as a proxy), so per-IP
	 * rate limits of one test never leak into another.
	 */
	public ApiClient(int port) {
		this.baseUrl = "http://localhost:" + port;
		int n = CLIENTS.incrementAndGet();
		this.clientIp = "198.18." + ((n >> 8) & 0xff) + "." + (n & 0xff);
	}

	public String clientIp() {
		return this.clientIp;
	}

	public String baseUrl() {
		return this.baseUrl;
	}

	public Response post(String path, String json, String... headers) {
		return send(request(path, headers).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString((json != null) ? json : "")));
	}

	public Response get(String path, String... headers) {
		return send(request(path, headers).GET());
	}

	public Response method(String method, String path, String json, String... headers) {
		HttpRequest.BodyPublisher body = (json != null) ? HttpRequest.BodyPublishers.ofString(json)
				: HttpRequest.BodyPublishers.noBody();
		HttpRequest.Builder builder = request(path, headers).method(method, body);
		if (json != null) {
			builder.header("Content-Type", "application/json");
		}
		return send(builder);
	}

	public Response send(HttpRequest.Builder builder) {
		try {
			HttpResponse<String> response = this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response, response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30));
		boolean forwarded = false;
		for (int i = 0; i + 1 < headers.length; i += 2) {
			forwarded |= headers[i].equalsIgnoreCase("X-Forwarded-For");
		}
		if (!forwarded) {
			builder.header("X-Forwarded-For", this.clientIp);
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		return builder;
	}

	public static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	/** Status, headers and body of one response, with the body parsed lazily as JSON. */
	public record Response(int status, HttpResponse<String> raw, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

		public String field(String name) {
			JsonNode node = json().get(name);
			return (node == null || node.isNull()) ? null : node.asString();
		}

		public String code() {
			return field("code");
		}

	}

}
