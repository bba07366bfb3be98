import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Confirm-to-app latency: generates a session on one instance, holds a long poll ("wait": 25) or polls in a tight
 * loop on another (or the same), confirms the session with the same conditional UPDATE the bot commits, and
 * measures from the commit to the confirmed answer. Prints p50 / p99 / max in ms.
 *
 *   java -cp postgresql.jar bench/ConfirmLatency.java JDBC_URL GENERATE_BASE POLL_BASE PROJECT COUNT long|short
 */
class ConfirmLatency {

	private static final Pattern TOKEN = Pattern.compile("\"session_token\":\"([^\"]+)\"");

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	public static void main(String[] args) throws Exception {
		String jdbcUrl = args[0], generateBase = args[1], pollBase = args[2], project = args[3];
		int count = Integer.parseInt(args[4]);
		boolean longPoll = "long".equals(args[5]);
		List<Double> millis = new ArrayList<>();
		try (Connection db = DriverManager.getConnection(jdbcUrl)) {
			PreparedStatement confirm = db.prepareStatement("""
					update auth_sessions set status = 'confirmed', confirmed_at = now(), telegram_id = '42',
					  telegram_name = 'Bench User'
					where token_hash = sha256(convert_to(?, 'UTF8')) and status = 'pending'""");
			for (int i = 0; i < count + 20; i++) {
				String generated = post(generateBase + "/api/v1/generate/public", "{\"project_id\":\"" + project + "\"}");
				Matcher matcher = TOKEN.matcher(generated);
				if (!matcher.find()) {
					throw new IllegalStateException("generate answered " + generated);
				}
				String token = matcher.group(1);
				String verify = "{\"project_id\":\"" + project + "\",\"session_token\":\"" + token + "\"";
				// The instance polled has the pending state in memory, as in real use.
				post(pollBase + "/api/v1/verify/public", verify + "}");
				long confirmedAt;
				String answer;
				if (longPoll) {
					CompletableFuture<HttpResponse<String>> held = HTTP.sendAsync(request(pollBase
							+ "/api/v1/verify/public", verify + ",\"wait\":25}"), HttpResponse.BodyHandlers.ofString());
					Thread.sleep(20); // let the poll be held before the confirm (a benchmark, not a test)
					confirm.setString(1, token);
					confirm.executeUpdate();
					confirmedAt = System.nanoTime();
					answer = held.get(30, TimeUnit.SECONDS).body();
				}
				else {
					confirm.setString(1, token);
					confirm.executeUpdate();
					confirmedAt = System.nanoTime();
					do {
						answer = post(pollBase + "/api/v1/verify/public", verify + "}");
					}
					while (answer.contains("\"pending\""));
				}
				double elapsed = (System.nanoTime() - confirmedAt) / 1e6;
				if (!answer.contains("\"confirmed\"")) {
					throw new IllegalStateException("answered " + answer);
				}
				if (i >= 20) { // the first ones warm up
					millis.add(elapsed);
				}
			}
		}
		Collections.sort(millis);
		System.out.printf("%.2f %.2f %.2f%n", percentile(millis, 50), percentile(millis, 99),
				millis.get(millis.size() - 1));
	}

	private static double percentile(List<Double> sorted, int p) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
	}

	private static HttpRequest request(String url, String json) {
		return HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
	}

	private static String post(String url, String json) throws Exception {
		return HTTP.send(request(url, json), HttpResponse.BodyHandlers.ofString()).body();
	}

}
