package dev.bondify.telegram;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.bondify.project.Project;
import dev.bondify.session.SessionFlowIntegrationTestAccess;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.system.RandomTokens;
import dev.bondify.support.FakeBotApi.Call;
import dev.bondify.telegram.TelegramUpdates.TelegramUpdate;

import static dev.bondify.support.FakeBotApi.toChat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Projects with {@code req_phone=true}: the bot asks for the user's own contact first,
 * refuses anyone else's, and the phone reaches verify and the proof.
 */
class TelegramPhoneIntegrationTest extends BotIntegrationTest {

	@Test
	void ownContactIsAcceptedAndThePhoneReachesVerifyAndTheProof() throws Exception {
		Project project = this.projects.live(p -> p.setReqPhone(true));
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();

		webhook(TelegramUpdates.start(user, code(token), "en"));

		Call request = this.bot.awaitOne("sendMessage", toChat(user));
		assertThat(request.param("text")).contains("asks for your phone number");
		JsonNode button = request.json("reply_markup").get("keyboard").get(0).get(0);
		assertThat(button.get("request_contact").asBoolean()).isTrue();
		assertThat(request.json("reply_markup").has("inline_keyboard")).isFalse();

		webhook(TelegramUpdates.contact(user, user, "79001234567"));

		List<Call> replies = this.bot.await("sendMessage", toChat(user), 3, java.time.Duration.ofSeconds(10));
		Call received = replies.get(1);
		assertThat(received.param("text")).contains("phone number was received");
		assertThat(received.json("reply_markup").get("remove_keyboard").asBoolean()).isTrue();
		Call prompt = replies.get(2);
		assertThat(prompt.param("text")).contains("Sign-in request for Test App");
		assertThat(buttons(prompt)).extracting(b -> b.get("callback_data").asString())
			.containsExactly("c:" + code(token), "x:" + code(token));
		byte[] sealed = this.jdbc.queryForObject("select bot_resume_token from auth_sessions where token_hash = ?",
				byte[].class, (Object) RandomTokens.sha256(token));
		assertThat(sealed).as("the token is kept sealed, never in clear").isNotNull();
		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(token.substring(5))
			.doesNotContain(code(token));

		webhook(TelegramUpdates.callback(user, user, 31, "c:" + code(token), "en"));

		Response verified = verify(project, token);
		assertThat(verified.field("status")).isEqualTo("confirmed");
		assertThat(verified.field("telegram_phone")).isEqualTo("+79001234567");
		Map<String, Object> claims = SessionFlowIntegrationTestAccess.verifyHs256(verified.field("proof"),
				project.getSecretKey());
		assertThat(claims).containsEntry("telegram_phone", "+79001234567");
	}

	@Test
	void someoneElsesContactIsRefusedAndChangesNothing() {
		Project project = this.projects.live(p -> p.setReqPhone(true));
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.start(user, code(token), "en"));
		this.bot.awaitOne("sendMessage", toChat(user));

		webhook(TelegramUpdates.contact(user, user + 1, "+15550001111"));
		webhook(TelegramUpdates.contact(user, null, "+15550002222"));

		List<Call> replies = this.bot.await("sendMessage", toChat(user), 3, java.time.Duration.ofSeconds(10));
		assertThat(replies.subList(1, replies.size())).extracting(call -> call.param("text"))
			.containsOnly("Please share your own contact with the button below, not someone else's.");
		assertThat(this.sessionService.find(token).orElseThrow().telegramPhone()).isNull();
		assertThat(replies)
			.noneMatch(call -> call.json("reply_markup") != null && call.json("reply_markup").has("inline_keyboard"));
	}

	@Test
	void confirmBeforeSharingThePhoneAsksForItAndChangesNothing() {
		Project project = this.projects.live(p -> p.setReqPhone(true));
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.start(user, code(token), "en"));

		TelegramUpdate tap = TelegramUpdates.callback(user, user, 2, "c:" + code(token), "en");
		webhook(tap);

		assertThat(answerTo(tap).param("text")).contains("Share your phone number first");
		assertThat(verify(project, token).field("status")).isEqualTo("pending");
	}

	@Test
	void contactWithoutAWaitingSignInSaysSo() {
		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.contact(user, user, "+15550003333"));
		assertThat(this.bot.awaitOne("sendMessage", toChat(user)).param("text"))
			.contains("No sign-in is waiting for a phone number");
	}

}
