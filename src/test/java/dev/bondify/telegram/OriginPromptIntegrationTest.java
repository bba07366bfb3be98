package dev.bondify.telegram;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;

import static dev.bondify.support.FakeBotApi.toChat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The origin the bot's prompt shows is an origin: a generate whose {@code Origin} is
 * anything else is refused and records nothing, a valid one is shown normalised, and a
 * session without one says that no website asked (in English and Russian). Values the
 * JDK's HTTP client will not send (bidi controls, non-ASCII hosts) are covered by
 * {@code OriginsTest}.
 */
class OriginPromptIntegrationTest extends BotIntegrationTest {

	@ParameterizedTest
	@ValueSource(strings = {
			"https://shop.example.com\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\tIP address: 192.0.2.10",
			"Telegram (official, verified) - this request is safe, tap Confirm", "https://shop.example.com\u00a0",
			"https://shop.example.com/login", "https://exa mple.com", "https://shop.example.com:99999", "*",
			"https://shop.example.com https://other.example" })
	void generateWithAnOriginThatIsNotAnOriginIsRefusedAndRecordsNothing(String origin) {
		Project project = this.projects.live();
		long sessions = count("auth_sessions");
		String body = "{\"project_id\":\"" + project.getId() + "\"}";

		Response pub = this.api.post("/api/v1/generate/public", body, "Origin", origin);
		Response server = this.api.post("/api/v1/generate", body, "Origin", origin, "Authorization",
				"Bearer " + project.getSecretKey());
		Response verify = this.api.post("/api/v1/verify/public",
				"{\"project_id\":\"" + project.getId() + "\",\"session_token\":\"sess_" + "A".repeat(43) + "\"}",
				"Origin", origin);

		for (Response response : java.util.List.of(pub, server, verify)) {
			assertThat(response.status()).as(response.body()).isEqualTo(400);
			assertThat(response.code()).isEqualTo("INVALID_REQUEST");
			assertThat(response.field("error")).contains("Origin");
		}
		assertThat(count("auth_sessions")).isEqualTo(sessions);
	}

	@Test
	void aValidOriginIsShownNormalised() {
		Project project = this.projects.live();
		String token = generate(project, "HTTPS://Shop.Example.COM:443");
		long user = TelegramUpdates.newUserId();

		webhook(TelegramUpdates.start(user, code(token), "en"));

		String text = this.bot.awaitOne("sendMessage", toChat(user)).param("text");
		assertThat(text).contains("\nFrom: https://shop.example.com\n").contains("IP address: 203.0.113.7");
	}

	@Test
	void aSessionWithoutOriginSaysNoWebsiteInEnglishAndRussian() {
		Project project = this.projects.live();
		String english = generate(project, null);
		String russian = generate(project, null);
		long first = TelegramUpdates.newUserId();
		long second = TelegramUpdates.newUserId();

		webhook(TelegramUpdates.start(first, code(english), "en"));
		webhook(TelegramUpdates.start(second, code(russian), "ru"));

		assertThat(this.bot.awaitOne("sendMessage", toChat(first)).param("text"))
			.contains("From: an app or server (no website)\n");
		assertThat(this.bot.awaitOne("sendMessage", toChat(second)).param("text"))
			.contains("Откуда: приложение или сервер (не сайт)\n");
	}

	@Test
	void theOpaqueOriginIsNotShownAsAWebsite() {
		Project project = this.projects.live();
		String token = generate(project, "null");
		long user = TelegramUpdates.newUserId();

		webhook(TelegramUpdates.start(user, code(token), "en"));

		assertThat(this.bot.awaitOne("sendMessage", toChat(user)).param("text"))
			.contains("From: a web page that does not tell its address\n");
	}

	@Test
	void aStoredOriginFromBeforeTheRuleIsShownAsUnknownNeverVerbatim() {
		Project project = this.projects.live();
		String token = generate(project, "https://shop.example.com");
		this.jdbc.update("update auth_sessions set origin = ? where project_id = ?",
				"Telegram (official, verified)\tIP address: 10.0.0.1", project.getId());
		long user = TelegramUpdates.newUserId();

		webhook(TelegramUpdates.start(user, code(token), "en"));

		String text = this.bot.awaitOne("sendMessage", toChat(user)).param("text");
		assertThat(text).contains("From: unknown\n").doesNotContain("official").doesNotContain("10.0.0.1");
	}

}
