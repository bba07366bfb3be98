package dev.bondify.telegram;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.FakeBotApi.Call;
import dev.bondify.system.RandomTokens;
import dev.bondify.telegram.TelegramUpdates.TelegramUpdate;

import static dev.bondify.support.FakeBotApi.toChat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deeplink, the {@code /start} payload and the callback data carry the link code; the
 * session token (the poll secret) is never accepted or shown there, the code is never a
 * session token, and hostile payloads or callback data are answered, never a 500.
 */
class BotLinkCodeIntegrationTest extends BotIntegrationTest {

	private static final String LINK_INVALID = "This sign-in link is not valid.";

	@Test
	void deeplinkAndButtonsCarryTheLinkCodeNeverTheSessionToken() {
		Project project = this.projects.live();
		Response generated = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + project.getId() + "\"}");
		String token = generated.field("session_token");
		String deeplink = generated.field("deeplink");
		String code = linkCode(deeplink);
		assertThat(deeplink).isEqualTo("https://t.me/bondify_test_bot?start=" + code)
			.doesNotContain(token)
			.doesNotContain(token.substring(5));
		assertThat(code).matches("[A-Za-z0-9_-]{22}");
		long user = TelegramUpdates.newUserId();

		webhook(TelegramUpdates.start(user, code, "en"));

		Call prompt = this.bot.awaitOne("sendMessage", toChat(user));
		assertThat(buttons(prompt)).extracting(button -> button.get("callback_data").asString())
			.containsExactly("c:" + code, "x:" + code)
			.allSatisfy(data -> assertThat(data).doesNotContain(token.substring(5)));
		assertThat(prompt.params().toString()).doesNotContain(token.substring(5));
		// Stored only as hashes: the code's hash is its own column, never the token's.
		assertThat(this.jdbc.queryForObject("select count(*) from auth_sessions where link_code_hash = ?", Long.class,
				(Object) RandomTokens.sha256(code)))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select count(*) from auth_sessions where token_hash = ?", Long.class,
				(Object) RandomTokens.sha256(code)))
			.isZero();
	}

	@Test
	void linkCodeIsNotAcceptedAsASessionTokenByVerify() {
		Project project = this.projects.live();
		String token = generate(project, null);

		Response byCode = verify(project, code(token));
		Response byPrefixedCode = verify(project, "sess_" + code(token));

		assertThat(byCode.status()).isEqualTo(404);
		assertThat(byCode.code()).isEqualTo("SESSION_NOT_FOUND");
		assertThat(byPrefixedCode.status()).isEqualTo(404);
		assertThat(verify(project, token).field("status")).isEqualTo("pending");
	}

	@Test
	void sessionTokenIsNotAcceptedAsAStartPayloadOrInCallbackData() {
		Project project = this.projects.live();
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();

		webhook(TelegramUpdates.start(user, token, "en"));
		TelegramUpdate tap = TelegramUpdates.callback(user, user, 3, "c:" + token, "en");
		webhook(tap);

		assertThat(this.bot.awaitOne("sendMessage", toChat(user)).param("text")).startsWith(LINK_INVALID);
		assertThat(answerTo(tap).param("text")).contains("not valid");
		assertThat(this.sessionService.find(token).orElseThrow().boundTelegramId()).isNull();
		assertThat(verify(project, token).field("status")).isEqualTo("pending");
	}

	@ParameterizedTest
	// NUL and other characters PostgreSQL refuses are the central text rule's (and
	// LinkCodesTest's) business; here: values that look almost like a code.
	@ValueSource(strings = { "AAAAAAAAAAAAAAAAAAAAA'", "' or 1=1 --", "%00%ZZ%C0%AF", "\uD83D\uDE00\uD83D\uDE00",
			"\uFFFF", "ÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄ", "a b c", "/start /start", "----------------------" })
	void hostileStartPayloadsSayTheLinkIsNotValid(String payload) {
		long user = TelegramUpdates.newUserId();

		webhook(TelegramUpdates.start(user, payload, "en"));

		assertThat(this.bot.awaitOne("sendMessage", toChat(user)).param("text")).startsWith(LINK_INVALID);
	}

	@Test
	void veryLongStartPayloadSaysTheLinkIsNotValid() {
		long user = TelegramUpdates.newUserId();

		webhook(TelegramUpdates.start(user, "A".repeat(4096), "en"));

		assertThat(this.bot.awaitOne("sendMessage", toChat(user)).param("text")).startsWith(LINK_INVALID);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "c:", "x:", "c:AAAAAAAAAAAAAAAAAAAAA'", "x:' or 1=1 --", "c:%00%ZZ", "c:\uD83D\uDE00",
			"z:AAAAAAAAAAAAAAAAAAAAAA", "c", "cx:AAAAAAAAAAAAAAAAAAAAAA" })
	void hostileCallbackDataIsAnsweredAsNotValid(String data) {
		long user = TelegramUpdates.newUserId();
		TelegramUpdate tap = TelegramUpdates.callback(user, user, 3, data, "en");

		webhook(tap);

		assertThat(answerTo(tap).param("text")).contains("not valid");
	}

	@Test
	void oldTokenLinksOfSessionsMadeBeforeLinkCodesAreNotValid() {
		// Sessions made before V60 have no link code: their deeplinks carried the token.
		Project project = this.projects.live();
		String token = generate(project, null);
		this.jdbc.update("update auth_sessions set link_code_hash = null, token_sealed = null where token_hash = ?",
				(Object) RandomTokens.sha256(token));
		long user = TelegramUpdates.newUserId();

		webhook(TelegramUpdates.start(user, token, "en"));
		webhook(TelegramUpdates.start(user, code(token), "en"));

		List<Call> replies = this.bot.await("sendMessage", toChat(user), 2, Duration.ofSeconds(10));
		assertThat(replies).extracting(call -> call.param("text")).allMatch(text -> text.startsWith(LINK_INVALID));
		assertThat(verify(project, token).field("status")).isEqualTo("pending");
	}

}
