import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Bot API stand-in on 127.0.0.1 for the benchmarks: answers every method the bot calls as Telegram would
 * ({@code {"ok":true,"result":…}}: a message for sendMessage / editMessageText, {@code true} otherwise) and counts
 * the calls. Runs until killed.
 *
 *   java bench/FakeBotApi.java PORT
 */
class FakeBotApi {

	private static final AtomicLong CALLS = new AtomicLong();

	private static final AtomicLong MESSAGE_IDS = new AtomicLong();

	public static void main(String[] args) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
				Integer.parseInt(args[0])), 200);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.createContext("/", FakeBotApi::answer);
		server.start();
		System.out.println("Fake Bot API on 127.0.0.1:" + args[0]);
	}

	private static void answer(HttpExchange exchange) throws IOException {
		exchange.getRequestBody().readAllBytes();
		String path = exchange.getRequestURI().getPath();
		String method = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
		CALLS.incrementAndGet();
		String result = switch (method) {
			case "sendmessage", "editmessagetext" -> "{\"message_id\":" + MESSAGE_IDS.incrementAndGet() + ",\"date\":"
					+ Instant.now().getEpochSecond() + ",\"chat\":{\"id\":1,\"type\":\"private\"},\"text\":\"ok\"}";
			case "getme" -> "{\"id\":123456,\"is_bot\":true,\"first_name\":\"Bench\",\"username\":\"bondify_bench_bot\"}";
			default -> "true";
		};
		byte[] body = ("{\"ok\":true,\"result\":" + result + "}").getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
