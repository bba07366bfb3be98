package dev.bondify.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake Telegram Bot API on loopback, started once per test JVM: answers like Telegram
 * ({@code {"ok":true,"result":…}}), records every call with its parsed parameters and the
 * token it was made with, serves queued updates to {@code getUpdates}, and can be told to
 * fail or to answer too late. Several bots: {@code getMe} knows the tokens given to
 * {@link #addBot} (any other token is 401), and a {@link #revoke revoked} token is 401
 * for every method, as Telegram answers once BotFather revoked it.
 */
public final class FakeBotApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern PATH = Pattern.compile("/bot([^/]+)/([A-Za-z]+)");

	private static volatile FakeBotApi instance;

	private final HttpServer server;

	private final List<Call> calls = new ArrayList<>();

	private final List<JsonNode> pendingUpdates = new ArrayList<>();

	private final Map<String, List<JsonNode>> pendingUpdatesByToken = new ConcurrentHashMap<>();

	private final AtomicInteger messageIds = new AtomicInteger(1000);

	private volatile Failure failure = Failure.NONE;

	private volatile Duration delay = Duration.ZERO;

	private final Map<String, ObjectNode> bots = new ConcurrentHashMap<>();

	private final Set<String> revoked = ConcurrentHashMap.newKeySet();

	/** How the fake misbehaves until {@link #behave()}. */
	public enum Failure {

		NONE, HTTP_500, NOT_OK, DELAY

	}

	/**
	 * One recorded Bot API call: the token in the path, the method and its parameters.
	 */
	public record Call(String token, String method, JsonNode params) {

		public String param(String name) {
			JsonNode node = this.params.get(name);
			return (node == null || node.isNull()) ? null : (node.isValueNode() ? node.asString() : node.toString());
		}

		public JsonNode json(String name) {
			JsonNode node = this.params.get(name);
			return (node != null && node.isString()) ? JSON.readTree(node.asString()) : node;
		}

	}

	private FakeBotApi() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(Executors.newCachedThreadPool(runnable -> {
			Thread thread = new Thread(runnable, "fake-bot-api");
			thread.setDaemon(true);
			return thread;
		}));
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public static FakeBotApi get() {
		if (instance == null) {
			synchronized (FakeBotApi.class) {
				if (instance == null) {
					try {
						instance = new FakeBotApi();
					}
					catch (IOException ex) {
						throw new IllegalStateException(ex);
					}
				}
			}
		}
		return instance;
	}

	/** The base URL to configure as {@code bondify.telegram.api-url}. */
	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public void failWith(Failure failure) {
		this.failure = failure;
	}

	public void delayBy(Duration delay) {
		this.delay = delay;
		this.failure = Failure.DELAY;
	}

	/** Back to answering every call correctly and at once. */
	public void behave() {
		this.failure = Failure.NONE;
		this.delay = Duration.ZERO;
	}

	/** A bot {@code getMe} describes for {@code token} (the id is the token's prefix). */
	public void addBot(String token, String username) {
		ObjectNode me = JSON.createObjectNode();
		me.put("id", Long.parseLong(token.substring(0, token.indexOf(':'))));
		me.put("is_bot", true);
		me.put("first_name", username);
		me.put("username", username);
		this.bots.put(token, me);
		this.revoked.remove(token);
	}

	/** From now on every call with {@code token} answers 401 Unauthorized. */
	public void revoke(String token) {
		this.revoked.add(token);
	}

	/** The calls made with one token. */
	public List<Call> callsWith(String token) {
		return calls().stream().filter(call -> call.token().equals(token)).toList();
	}

	/** Queues updates for {@code getUpdates}. */
	public synchronized void enqueueUpdate(String updateJson) {
		this.pendingUpdates.add(JSON.readTree(updateJson));
		notifyAll();
	}

	/**
	 * Queues updates for the {@code getUpdates} of one bot added with {@link #addBot}
	 * (such a bot never sees the updates queued without a token).
	 */
	public synchronized void enqueueUpdate(String token, String updateJson) {
		this.pendingUpdatesByToken.computeIfAbsent(token, key -> new ArrayList<>()).add(JSON.readTree(updateJson));
		notifyAll();
	}

	public synchronized List<Call> calls() {
		return List.copyOf(this.calls);
	}

	public List<Call> calls(String method, Predicate<Call> filter) {
		return calls().stream().filter(call -> call.method().equalsIgnoreCase(method)).filter(filter).toList();
	}

	/**
	 * Waits (with a deadline, woken by every new call) until {@code count} matching calls
	 * were recorded.
	 */
	public synchronized List<Call> await(String method, Predicate<Call> filter, int count, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (true) {
			List<Call> matching = this.calls.stream()
				.filter(call -> call.method().equalsIgnoreCase(method))
				.filter(filter)
				.toList();
			long left = Duration.between(Instant.now(), deadline).toMillis();
			if (matching.size() >= count || left <= 0) {
				return matching;
			}
			try {
				wait(left);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return matching;
			}
		}
	}

	public Call awaitOne(String method, Predicate<Call> filter) {
		List<Call> found = await(method, filter, 1, Duration.ofSeconds(10));
		if (found.isEmpty()) {
			List<Call> all = calls();
			throw new AssertionError("No " + method + " call matched within 10 s; last calls: "
					+ all.subList(Math.max(0, all.size() - 5), all.size()));
		}
		return found.get(found.size() - 1);
	}

	/** Calls addressed to one chat (user). */
	public static Predicate<Call> toChat(long chatId) {
		return call -> Long.toString(chatId).equals(call.param("chat_id"));
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			Matcher matcher = PATH.matcher(exchange.getRequestURI().getPath());
			if (!matcher.matches()) {
				respond(exchange, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");
				return;
			}
			// TelegramBots writes method names in lower case (sendmessage); Telegram
			// accepts any case.
			String method = matcher.group(2).toLowerCase(java.util.Locale.ROOT);
			JsonNode params = parseParams(exchange);
			Failure mode = this.failure;
			if (mode == Failure.DELAY) {
				sleepQuietly(this.delay);
			}
			record(new Call(matcher.group(1), method, params));
			if (this.revoked.contains(matcher.group(1))
					|| (method.equals("getme") && !this.bots.containsKey(matcher.group(1)))) {
				respond(exchange, 401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
				return;
			}
			if (method.equals("getme")) {
				respond(exchange, 200, "{\"ok\":true,\"result\":" + this.bots.get(matcher.group(1)) + "}");
				return;
			}
			if (mode == Failure.HTTP_500 && !method.equals("getupdates")) {
				respond(exchange, 500, "Internal Server Error");
				return;
			}
			if (mode == Failure.NOT_OK && !method.equals("getupdates")) {
				respond(exchange, 400,
						"{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message is not modified\"}");
				return;
			}
			respond(exchange, 200, "{\"ok\":true,\"result\":" + result(matcher.group(1), method, params) + "}");
		}
	}

	private synchronized void record(Call call) {
		this.calls.add(call);
		notifyAll();
	}

	private String result(String token, String method, JsonNode params) {
		return switch (method) {
			case "sendmessage", "editmessagetext" -> message(params).toString();
			case "getupdates" -> updates(token, params).toString();
			default -> "true";
		};
	}

	private ObjectNode message(JsonNode params) {
		ObjectNode message = JSON.createObjectNode();
		JsonNode messageId = params.get("message_id");
		message.put("message_id", (messageId != null) ? messageId.asInt() : this.messageIds.incrementAndGet());
		message.put("date", Instant.now().getEpochSecond());
		ObjectNode chat = message.putObject("chat");
		chat.put("id", params.path("chat_id").asLong());
		chat.put("type", "private");
		message.put("text", params.path("text").asString(""));
		return message;
	}

	/**
	 * Long-polls up to one second (at most the requested timeout) for updates at or after
	 * the offset.
	 */
	private synchronized ArrayNode updates(String token, JsonNode params) {
		List<JsonNode> pending = this.bots.containsKey(token)
				? this.pendingUpdatesByToken.computeIfAbsent(token, key -> new ArrayList<>()) : this.pendingUpdates;
		long offset = params.path("offset").asLong(0);
		long waitMillis = Math.min(1000, params.path("timeout").asLong(0) * 1000);
		Instant deadline = Instant.now().plusMillis(waitMillis);
		while (true) {
			ArrayNode result = JSON.createArrayNode();
			pending.stream().filter(update -> update.path("update_id").asLong() >= offset).forEach(result::add);
			long left = Duration.between(Instant.now(), deadline).toMillis();
			if (!result.isEmpty() || left <= 0) {
				return result;
			}
			try {
				wait(left);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return result;
			}
		}
	}

	private static JsonNode parseParams(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
		if (contentType.startsWith("multipart/form-data")) {
			return parseMultipart(new String(body, StandardCharsets.UTF_8),
					contentType.substring(contentType.indexOf("boundary=") + "boundary=".length()));
		}
		return (body.length == 0) ? JSON.createObjectNode() : JSON.readTree(body);
	}

	private static JsonNode parseMultipart(String body, String boundary) {
		ObjectNode params = JSON.createObjectNode();
		for (String part : body.split("--" + Pattern.quote(boundary))) {
			Matcher name = Pattern.compile("name=\"([^\"]+)\"").matcher(part);
			int start = part.indexOf("\r\n\r\n");
			if (name.find() && start >= 0) {
				String value = part.substring(start + 4);
				params.put(name.group(1), value.endsWith("\r\n") ? value.substring(0, value.length() - 2) : value);
			}
		}
		return params;
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static void sleepQuietly(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
