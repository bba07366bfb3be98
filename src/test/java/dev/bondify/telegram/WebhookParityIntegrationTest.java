package dev.bondify.telegram;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.session.SessionStatus;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.TestDevelopers.Developer;
import dev.bondify.telegram.OwnBotIntegrationTest.Bot;
import dev.bondify.telegram.TelegramUpdates.TelegramUpdate;

import static dev.bondify.support.FakeBotApi.toChat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment bot's webhook and a project's own-bot webhook give the same guarantees
 * (api.md §4): the secret checked first, incomplete or unknown updates answered 200 and
 * ignored, redeliveries processed once, malformed bodies 400, the same 1 MiB body limit.
 */
class WebhookParityIntegrationTest extends BotIntegrationTest {

	@Autowired
	OwnBotWebhooks ownBotWebhooks;

	/** Which webhook a test posts to. */
	enum Path {

		DEPLOYMENT, OWN_BOT

	}

	/** A webhook under test: where to post, its secret, and a project it serves. */
	record Target(String path, String secret, String projectId, String botToken) {
	}

	private Target target(Path path) {
		if (path == Path.DEPLOYMENT) {
			return new Target(WEBHOOK, SECRET, this.projects.live().getId(), null);
		}
		Developer developer = this.developers.register();
		Bot own = OwnBotIntegrationTest.newBotOn(this.bot);
		String project = this.developers
			.createProject(developer, "{\"name\":\"Acme\",\"bot_token\":\"" + own.token() + "\"}")
			.field("id");
		return new Target(WEBHOOK + "/" + own.id(), this.ownBotWebhooks.secret(own.id()), project, own.token());
	}

	private String[] session(Target target) {
		Response generated = this.api.post("/api/v1/generate/public",
				"{\"project_id\":\"" + target.projectId() + "\"}");
		assertThat(generated.status()).as(generated.body()).isEqualTo(200);
		return new String[] { generated.field("session_token"), linkCode(generated.field("deeplink")) };
	}

	private Response post(Target target, String json) {
		return this.api.post(target.path(), json, TelegramWebhookController.SECRET_HEADER, target.secret());
	}

	private void accepted(Target target, String json) {
		Response response = post(target, json);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"ok\":true}");
	}

	@ParameterizedTest
	@EnumSource(Path.class)
	void wrongOrMissingSecretIsRejectedAndNothingHappens(Path path) {
		Target target = target(path);
		String[] session = session(target);
		long user = TelegramUpdates.newUserId();
		TelegramUpdate start = TelegramUpdates.start(user, session[1], "en");
		long recorded = count("telegram_updates");

		Response wrong = this.api.post(target.path(), start.json(), TelegramWebhookController.SECRET_HEADER, "wrong");
		Response missing = this.api.post(target.path(), start.json());
		Response other = this.api.post(target.path(), start.json(), TelegramWebhookController.SECRET_HEADER,
				(path == Path.DEPLOYMENT) ? this.ownBotWebhooks.secret(123456) : SECRET);

		for (Response response : List.of(wrong, missing, other)) {
			assertThat(response.status()).isEqualTo(401);
			assertThat(response.code()).isEqualTo("UNAUTHORIZED");
		}
		assertThat(count("telegram_updates")).isEqualTo(recorded);
		assertThat(this.sessionService.find(session[0]).orElseThrow().boundTelegramId()).isNull();
		accepted(target, start.json());
		assertThat(this.bot.awaitOne("sendMessage", toChat(user)).param("text")).contains("Sign-in request");
	}

	@ParameterizedTest
	@EnumSource(Path.class)
	void redeliveredUpdateIdHasOneEffect(Path path) {
		Target target = target(path);
		String[] session = session(target);
		long user = TelegramUpdates.newUserId();
		TelegramUpdate start = TelegramUpdates.start(user, session[1], "en");

		accepted(target, start.json());
		this.bot.awaitOne("sendMessage", toChat(user));
		accepted(target, start.json());
		accepted(target, TelegramUpdates.text(user, "/help", "en").json());

		this.bot.await("sendMessage", toChat(user), 2, Duration.ofSeconds(10));
		assertThat(this.bot.calls("sendMessage", toChat(user)))
			.filteredOn(call -> call.param("text").contains("Sign-in request"))
			.hasSize(1);
		assertThat(this.jdbc.queryForObject("select count(*) from telegram_updates where update_id = ?", Long.class,
				start.updateId()))
			.isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(Path.class)
	void incompleteOrUnknownUpdatesAreAnswered200AndIgnored(Path path) {
		Target target = target(path);
		String[] session = session(target);
		long user = TelegramUpdates.newUserId();
		// Ids from the shared sequence, so no later test's update is taken for a
		// redelivery.
		long[] ids = new long[9];
		for (int i = 1; i < ids.length; i++) {
			ids[i] = TelegramUpdates.start(user, "x", "en").updateId();
		}
		String confirm = BotReplies.CONFIRM_PREFIX + session[0];
		List<String> updates = List.of(
				"{\"update_id\":" + ids[1] + ",\"callback_query\":{\"from\":{\"id\":" + user
						+ ",\"is_bot\":false,\"first_name\":\"A\"},\"data\":\"" + confirm + "\"}}",
				"{\"update_id\":" + ids[2] + ",\"message\":{\"message_id\":7,\"date\":1700000000,\"text\":\"/start "
						+ session[1] + "\"}}",
				"{\"update_id\":" + ids[3] + ",\"message\":{\"message_id\":7,\"chat\":{\"id\":" + user
						+ ",\"type\":\"private\"},\"from\":{\"id\":" + user + "},\"text\":\"/start " + session[1]
						+ "\"}}",
				"{\"update_id\":" + ids[4] + ",\"message\":{}}", "{\"update_id\":" + ids[5] + ",\"message\":[]}",
				"{\"update_id\":" + ids[6] + ",\"callback_query\":\"x\"}",
				"{\"update_id\":" + ids[7] + ",\"my_chat_member\":{}}",
				"{\"update_id\":" + ids[8] + ",\"some_future_kind\":{\"a\":1}}");

		for (String update : updates) {
			accepted(target, update);
		}

		assertThat(this.sessionService.find(session[0]).orElseThrow().status()).isEqualTo(SessionStatus.PENDING);
		assertThat(this.sessionService.find(session[0]).orElseThrow().boundTelegramId()).isNull();
		assertThat(this.bot.calls("sendMessage", toChat(user))).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(Path.class)
	void malformedBodyWithTheRightSecretIsInvalid(Path path) {
		Target target = target(path);
		for (String body : List.of("{\"message\":", "[]", "{\"update_id\":\"x\"}")) {
			Response response = post(target, body);
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.code()).isEqualTo("INVALID_REQUEST");
		}
	}

	@ParameterizedTest
	@EnumSource(Path.class)
	void aLongUpdateIsProcessedAndOneOverOneMebibyteIs413(Path path) {
		Target target = target(path);
		String[] session = session(target);
		long user = TelegramUpdates.newUserId();
		accepted(target, TelegramUpdates.start(user, session[1], "en").json());
		this.bot.awaitOne("sendMessage", toChat(user));
		String longReply = TelegramUpdates.text(user, "x".repeat(21_000), "en").json();
		assertThat(longReply.length()).isGreaterThan(21_000);

		accepted(target, longReply);
		this.bot.await("sendMessage", toChat(user), 2, Duration.ofSeconds(10));

		// Expect: 100-continue, as a well-behaved client sends a large body: the server
		// refuses on Content-Length before reading it, so the client never races the
		// closing connection with a megabyte still unsent.
		Response tooLarge = this.api.send(this.api
			.request(target.path(), TelegramWebhookController.SECRET_HEADER, target.secret())
			.expectContinue(true)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(TelegramUpdates.text(user, "x".repeat(1_100_000), "en").json())));
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(tooLarge.code()).isEqualTo("PAYLOAD_TOO_LARGE");
	}

}
