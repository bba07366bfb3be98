import java.io.InputStream;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * Webhook latency of a healthy project (sandbox confirm to the signed POST arriving at a receiver on 127.0.0.1),
 * first alone, then while another project's endpoint hangs with a backlog of due deliveries. Started by
 * bench/webhooks.sh with the PostgreSQL driver on the class path: args base-url jdbc-url samples backlog.
 */
class WebhookLatency {

	private static final Pattern TOKEN = Pattern.compile("\"session_token\":\"([^\"]+)\"");

	private static final Pattern DEEPLINK = Pattern.compile("\"deeplink\":\"([^\"]+)\"");

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	public static void main(String[] args) throws Exception {
		String base = args[0];
		String jdbc = args[1];
		int samples = Integer.parseInt(args[2]);
		int backlog = Integer.parseInt(args[3]);

		Map<String, Long> arrivals = new ConcurrentHashMap<>();
		HttpServer healthy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		healthy.setExecutor(Executors.newCachedThreadPool());
		healthy.createContext("/", exchange -> {
			long now = System.nanoTime();
			String body;
			try (InputStream in = exchange.getRequestBody()) {
				body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			Matcher token = TOKEN.matcher(body);
			if (token.find()) {
				arrivals.put(token.group(1), now);
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		healthy.start();

		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger hanging = new AtomicInteger();
		HttpServer stuck = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		stuck.setExecutor(Executors.newCachedThreadPool());
		stuck.createContext("/", exchange -> {
			hanging.incrementAndGet();
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
		});
		stuck.start();

		String suffix = Long.toString(System.currentTimeMillis(), 36);
		String ok = "proj_benchok" + suffix;
		String slow = "proj_benchhang" + suffix;
		try (var connection = DriverManager.getConnection(jdbc); var statement = connection.createStatement()) {
			for (String[] project : new String[][] { { ok, "http://127.0.0.1:" + healthy.getAddress().getPort() + "/hook" },
					{ slow, "http://127.0.0.1:" + stuck.getAddress().getPort() + "/hook" } }) {
				String key = "sk_test_" + UUID.randomUUID().toString().replace("-", "");
				statement.execute("insert into projects (id, name, secret_key, secret_key_hash, sandbox, webhook_url, created_at) values ('"
						+ project[0] + "', 'Webhook bench', '" + key + "', sha256(convert_to('" + key
						+ "', 'UTF8')), true, '" + project[1] + "', now())");
			}

			HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
			phase("healthy project alone", base, ok, samples, http, arrivals);

			statement.execute("insert into webhook_deliveries (id, project_id, event, payload, state, attempts, next_attempt_at, created_at) "
					+ "select gen_random_uuid(), '" + slow + "', 'auth.confirmed', '{}', 'pending', 0, now(), now() from generate_series(1, "
					+ backlog + ")");
			long deadline = System.nanoTime() + 30_000_000_000L;
			while (hanging.get() == 0 && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			System.out.printf("hanging endpoint: %d due deliveries, %d requests held open%n", backlog, hanging.get());
			phase("while another project's endpoint hangs", base, ok, samples, http, arrivals);
			System.out.printf("hanging endpoint: %d requests held open in total%n", hanging.get());
		}
		finally {
			release.countDown();
			healthy.stop(0);
			stuck.stop(0);
			System.exit(0);
		}
	}

	private static void phase(String label, String base, String project, int samples, HttpClient http,
			Map<String, Long> arrivals) throws Exception {
		List<Double> latencies = new ArrayList<>();
		for (int i = 0; i < samples; i++) {
			String generated = send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/generate/public"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"project_id\":\"" + project + "\"}")));
			String token = find(TOKEN, generated);
			String page = find(DEEPLINK, generated);
			String html = send(http, HttpRequest.newBuilder(URI.create(page)).GET());
			String start = page.substring(page.indexOf("start=") + 6);
			String form = "start=" + URLEncoder.encode(start, StandardCharsets.UTF_8) + "&_csrf="
					+ URLEncoder.encode(find(CSRF, html), StandardCharsets.UTF_8)
					+ "&telegramId=123456789&name=Bench&username=benchuser&phone=";
			long clicked = System.nanoTime();
			send(http, HttpRequest.newBuilder(URI.create(base + "/sandbox/telegram/confirm"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)));
			long deadline = clicked + 60_000_000_000L;
			while (!arrivals.containsKey(token) && System.nanoTime() < deadline) {
				Thread.sleep(1);
			}
			Long arrived = arrivals.get(token);
			latencies.add((arrived == null) ? Double.POSITIVE_INFINITY : (arrived - clicked) / 1e6);
		}
		Collections.sort(latencies);
		System.out.printf("%-42s n=%d  median %.1f ms  p90 %.1f ms  max %.1f ms%n", label, samples,
				latencies.get(samples / 2), latencies.get((int) Math.min(samples - 1, Math.ceil(samples * 0.9) - 1)),
				latencies.get(samples - 1));
	}

	private static String send(HttpClient http, HttpRequest.Builder request) throws Exception {
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	private static String find(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		if (!matcher.find()) {
			throw new IllegalStateException("Not found: " + pattern + " in " + text);
		}
		return matcher.group(1);
	}

}
