package dev.bondify.telegram;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.session.SessionService;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.FakeBotApi;
import dev.bondify.support.FakeBotApi.Call;
import dev.bondify.support.IntegrationTest;
import dev.bondify.telegram.TelegramUpdates.TelegramUpdate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the bot's end-to-end tests: posts Telegram-shaped updates to the real webhook
 * endpoint, observes replies on the fake Bot API and state through verify. Same Spring
 * context as every other integration test.
 */
abstract class BotIntegrationTest extends IntegrationTest {

	static final String SECRET = "test-webhook-secret";

	static final String WEBHOOK = "/api/v1/telegram/webhook";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final FakeBotApi bot = FakeBotApi.get();

	private final Map<String, String> linkCodes = new ConcurrentHashMap<>();

	@Autowired
	SessionService sessionService;

	@Autowired
	MeterRegistry meters;

	@AfterEach
	void behave() {
		this.bot.behave();
	}

	void webhook(TelegramUpdate update) {
		Response response = this.api.post(WEBHOOK, update.json(), TelegramWebhookController.SECRET_HEADER, SECRET);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"ok\":true}");
	}

	String generate(Project project, String origin) {
		String body = "{\"project_id\":\"" + project.getId() + "\"}";
		Response response = (origin != null)
				? this.api.post("/api/v1/generate/public", body, "Origin", origin, "X-Forwarded-For", "203.0.113.7")
				: this.api.post("/api/v1/generate/public", body);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		String token = response.field("session_token");
		this.linkCodes.put(token, linkCode(response.field("deeplink")));
		return token;
	}

	/**
	 * The link code of the deeplink that {@link #generate} got with this session token.
	 */
	String code(String token) {
		String code = this.linkCodes.get(token);
		assertThat(code).as("link code of a generated session").isNotNull();
		return code;
	}

	/** The start parameter of a deeplink. */
	static String linkCode(String deeplink) {
		assertThat(deeplink).contains("?start=");
		return deeplink.substring(deeplink.indexOf("?start=") + "?start=".length());
	}

	Response verify(Project project, String token) {
		return this.api.post("/api/v1/verify/public",
				"{\"project_id\":\"" + project.getId() + "\",\"session_token\":\"" + token + "\"}");
	}

	Call answerTo(TelegramUpdate callback) {
		String id = callbackId(callback);
		return this.bot.awaitOne("answerCallbackQuery", call -> id.equals(call.param("callback_query_id")));
	}

	double counter(String type) {
		Counter counter = this.meters.find(TelegramUpdateProcessor.METRIC).tag("type", type).counter();
		return (counter != null) ? counter.count() : 0;
	}

	static String callbackId(TelegramUpdate callback) {
		return JSON.readTree(callback.json()).get("callback_query").get("id").asString();
	}

	static List<JsonNode> buttons(Call message) {
		JsonNode rows = message.json("reply_markup").get("inline_keyboard");
		assertThat(rows).as("inline keyboard").isNotNull();
		return rows.get(0).valueStream().toList();
	}

}
