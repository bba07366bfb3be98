import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sign-ins under contention, as a user and Telegram make them: generate on one instance, the bot's /start update
 * and the Confirm tap posted to the other instance's webhook (redelivered after a non-2xx answer, as Telegram does),
 * then verify polls until confirmed. COUNT sign-ins, CONCURRENCY at a time. Meanwhile a sampler counts lock waits
 * (pg_locks not granted). Prints "confirmed N/COUNT" and the counts of 5xx answers, redeliveries and lock waits;
 * exits 1 unless every sign-in confirmed and the database holds each exactly once.
 *
 *   java -cp postgresql.jar bench/Contention.java JDBC_URL BASE_A BASE_B PROJECT WEBHOOK_SECRET COUNT CONCURRENCY
 */
class Contention {

	private static final Pattern DEEPLINK_CODE = Pattern.compile("start=([^\"&]+)");

	private static final Pattern TOKEN = Pattern.compile("\"session_token\":\"([^\"]+)\"");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private static final AtomicLong UPDATE_IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L);

	private static final AtomicInteger SERVER_ERRORS = new AtomicInteger();

	private static final AtomicInteger REDELIVERIES = new AtomicInteger();

	private static final AtomicInteger GENERATE_RETRIES = new AtomicInteger();

	private static final Set<Integer> STATUSES = ConcurrentHashMap.newKeySet();

	private static String secret;

	public static void main(String[] args) throws Exception {
		String jdbcUrl = args[0], baseA = args[1], baseB = args[2], project = args[3];
		secret = args[4];
		int count = Integer.parseInt(args[5]);
		int concurrency = Integer.parseInt(args[6]);
		AtomicBoolean sampling = new AtomicBoolean(true);
		AtomicInteger lockWaitSamples = new AtomicInteger();
		AtomicInteger maxWaiting = new AtomicInteger();
		Set<String> waitingOn = ConcurrentHashMap.newKeySet();
		Thread sampler = Thread.ofPlatform().start(() -> {
			try (Connection db = DriverManager.getConnection(jdbcUrl); Statement statement = db.createStatement()) {
				while (sampling.get()) {
					try (ResultSet rows = statement.executeQuery("""
							select count(*), string_agg(distinct coalesce(c.relname, l.locktype), ',')
							from pg_locks l left join pg_class c on c.oid = l.relation where not l.granted""")) {
						rows.next();
						int waiting = rows.getInt(1);
						if (waiting > 0) {
							lockWaitSamples.incrementAndGet();
							maxWaiting.accumulateAndGet(waiting, Math::max);
							waitingOn.addAll(List.of(rows.getString(2).split(",")));
						}
					}
					Thread.sleep(20);
				}
			}
			catch (Exception ex) {
				System.err.println("lock sampler stopped: " + ex);
			}
		});
		long started = System.nanoTime();
		List<Long> millis = new ArrayList<>();
		int confirmed = 0;
		try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
			List<Future<Long>> signIns = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				boolean flip = i % 2 == 0;
				long user = 710_000_000L + i;
				signIns.add(pool.submit(() -> signIn(flip ? baseA : baseB, flip ? baseB : baseA, project, user)));
			}
			for (Future<Long> signIn : signIns) {
				try {
					millis.add(signIn.get());
					confirmed++;
				}
				catch (Exception ex) {
					System.err.println("sign-in lost: " + ex.getCause());
				}
			}
		}
		sampling.set(false);
		sampler.join();
		long stored;
		try (Connection db = DriverManager.getConnection(jdbcUrl); Statement statement = db.createStatement();
				ResultSet rows = statement.executeQuery("select count(*) from auth_sessions where project_id = '"
						+ project + "' and status in ('confirmed', 'used') and telegram_id is not null")) {
			rows.next();
			stored = rows.getLong(1);
		}
		millis.sort(null);
		System.out.printf("confirmed %d/%d (stored confirmed in the database: %d) in %.1f s%n", confirmed, count,
				stored, (System.nanoTime() - started) / 1e9);
		if (!millis.isEmpty()) {
			System.out.printf("sign-in ms (generate to confirmed answer): p50 %d, p99 %d, max %d%n",
					millis.get(millis.size() / 2), millis.get(Math.min(millis.size() - 1, millis.size() * 99 / 100)),
					millis.get(millis.size() - 1));
		}
		System.out.printf("5xx answers %d (statuses seen %s), webhook redeliveries %d, generate retries %d%n",
				SERVER_ERRORS.get(), STATUSES, REDELIVERIES.get(), GENERATE_RETRIES.get());
		System.out.printf("lock waits: %d samples of 20 ms with a waiting lock (at most %d at once) on %s%n",
				lockWaitSamples.get(), maxWaiting.get(), waitingOn.isEmpty() ? "-" : waitingOn);
		System.exit((confirmed == count && stored == count) ? 0 : 1);
	}

	/** One sign-in; its duration in ms, or an exception when it never confirmed. */
	private static long signIn(String appBase, String botBase, String project, long user) throws Exception {
		long start = System.nanoTime();
		String generated = null;
		for (int attempt = 0; generated == null; attempt++) {
			HttpResponse<String> answer = post(appBase + "/api/v1/generate/public",
					"{\"project_id\":\"" + project + "\"}", null);
			if (answer.statusCode() == 200) {
				generated = answer.body();
			}
			else if (attempt > 30) {
				throw new IllegalStateException("generate answered " + answer.statusCode() + " " + answer.body());
			}
			else {
				// The app's client retries after the Retry-After second.
				GENERATE_RETRIES.incrementAndGet();
				Thread.sleep(1000);
			}
		}
		Matcher token = TOKEN.matcher(generated);
		Matcher code = DEEPLINK_CODE.matcher(generated);
		if (!token.find() || !code.find()) {
			throw new IllegalStateException("generate answered " + generated);
		}
		String linkCode = URLDecoder.decode(code.group(1), StandardCharsets.UTF_8);
		deliver(botBase, "\"message\":{\"message_id\":1,\"from\":" + user(user) + ",\"chat\":" + chat(user)
				+ ",\"date\":" + Instant.now().getEpochSecond() + ",\"text\":\"/start " + linkCode
				+ "\",\"entities\":[{\"offset\":0,\"length\":6,\"type\":\"bot_command\"}]}");
		deliver(botBase, "\"callback_query\":{\"id\":\"" + user + "\",\"from\":" + user(user)
				+ ",\"message\":{\"message_id\":2,\"from\":{\"id\":123456,\"is_bot\":true,\"first_name\":\"Bench\"},"
				+ "\"chat\":" + chat(user) + ",\"date\":" + Instant.now().getEpochSecond()
				+ ",\"text\":\"Sign-in request\"},\"chat_instance\":\"1\",\"data\":\"c:" + linkCode + "\"}");
		String verify = "{\"project_id\":\"" + project + "\",\"session_token\":\"" + token.group(1) + "\",\"wait\":5}";
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			HttpResponse<String> answer = post(appBase + "/api/v1/verify/public", verify, null);
			if (answer.statusCode() == 200 && answer.body().contains("\"confirmed\"")) {
				return (System.nanoTime() - start) / 1_000_000;
			}
			if (answer.statusCode() != 200) {
				Thread.sleep(1000);
			}
		}
		throw new IllegalStateException("never confirmed: " + token.group(1).substring(0, 12));
	}

	/** Posts an update until the webhook answers 2xx, as Telegram redelivers. */
	private static void deliver(String base, String update) throws Exception {
		String body = "{\"update_id\":" + UPDATE_IDS.incrementAndGet() + "," + update + "}";
		for (int attempt = 0; attempt < 60; attempt++) {
			HttpResponse<String> answer = post(base + "/api/v1/telegram/webhook", body, secret);
			if (answer.statusCode() / 100 == 2) {
				return;
			}
			REDELIVERIES.incrementAndGet();
			Thread.sleep(1000);
		}
		throw new IllegalStateException("the webhook never took the update");
	}

	private static String user(long id) {
		return "{\"id\":" + id + ",\"is_bot\":false,\"first_name\":\"Bench\",\"language_code\":\"en\"}";
	}

	private static String chat(long id) {
		return "{\"id\":" + id + ",\"type\":\"private\",\"first_name\":\"Bench\"}";
	}

	private static HttpResponse<String> post(String url, String json, String webhookSecret) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (webhookSecret != null) {
			request.header("X-Telegram-Bot-Api-Secret-Token", webhookSecret);
		}
		HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (answer.statusCode() >= 500) {
			SERVER_ERRORS.incrementAndGet();
			STATUSES.add(answer.statusCode());
		}
		return answer;
	}

}
