import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Request bodies for the exchange benchmark: COUNT distinct Mini App initData strings, each signed as Telegram signs
 * them for the bot (hash = HMAC-SHA-256 of the sorted data-check string under HMAC-SHA256("WebAppData", bot token)),
 * dated now, with its own random query_id (so each is a new datum: the service accepts a datum once) and one of
 * USERS Telegram users. Writes one JSON body of POST /api/v1/exchange/public a line to FILE.
 *
 *   java bench/MiniAppData.java BOT_TOKEN PROJECT COUNT USERS FILE
 */
class MiniAppData {

	public static void main(String[] args) throws Exception {
		String botToken = args[0], project = args[1];
		int count = Integer.parseInt(args[2]), users = Integer.parseInt(args[3]);
		Mac webAppData = Mac.getInstance("HmacSHA256");
		webAppData.init(new SecretKeySpec("WebAppData".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		byte[] secret = webAppData.doFinal(botToken.getBytes(StandardCharsets.UTF_8));
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret, "HmacSHA256"));
		SecureRandom random = new SecureRandom();
		String authDate = Long.toString(System.currentTimeMillis() / 1000);
		try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[4])))) {
			for (int i = 0; i < count; i++) {
				byte[] id = new byte[12];
				random.nextBytes(id);
				long user = 7_000_000_000L + (i % users);
				Map<String, String> fields = new TreeMap<>();
				fields.put("query_id", "AAH" + Base64.getUrlEncoder().withoutPadding().encodeToString(id));
				fields.put("user", "{\"id\":" + user + ",\"first_name\":\"Bench\",\"last_name\":\"User " + (i % users)
						+ "\",\"username\":\"bench_" + (i % users) + "\",\"language_code\":\"en\"}");
				fields.put("auth_date", authDate);
				String dataCheck = fields.entrySet()
					.stream()
					.map((field) -> field.getKey() + "=" + field.getValue())
					.collect(Collectors.joining("\n"));
				String hash = HexFormat.of().formatHex(mac.doFinal(dataCheck.getBytes(StandardCharsets.UTF_8)));
				String initData = fields.entrySet()
					.stream()
					.map((field) -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
					.collect(Collectors.joining("&")) + "&hash=" + hash;
				out.println("{\"project_id\":\"" + project + "\",\"type\":\"webapp\",\"data\":\"" + initData + "\"}");
			}
		}
	}

}
