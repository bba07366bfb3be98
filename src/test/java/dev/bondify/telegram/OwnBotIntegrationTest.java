package dev.bondify.telegram;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.FakeBotApi;
import dev.bondify.support.FakeBotApi.Call;
import dev.bondify.support.TestDevelopers.Developer;
import dev.bondify.telegram.TelegramUpdates.TelegramUpdate;

import static dev.bondify.support.FakeBotApi.toChat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Projects with their own bots next to one on the deployment's bot: each link opens and
 * confirms only in its own bot, replies go out with that bot's token, a wrong token is
 * refused at save, a revoked one marks its bot and stops only its project's generate,
 * removing it falls back; the token itself never leaves the server, nor is stored plain.
 */
@ExtendWith(OutputCaptureExtension.class)
class OwnBotIntegrationTest extends BotIntegrationTest {

	private static final String DEPLOYMENT_TOKEN = "123456:test-token";

	private static final String LINK_INVALID = "This sign-in link is not valid.";

	@Autowired
	OwnBotWebhooks webhooks;

	private final List<Response> responses = new ArrayList<>();

	/** A bot the fake Bot API knows: a fresh id, a token and a username. */
	record Bot(long id, String token, String username) {
	}

	Bot newBot() {
		return newBotOn(this.bot);
	}

	/** A fresh bot added to {@code fake}. */
	static Bot newBotOn(FakeBotApi fake) {
		long id = ThreadLocalRandom.current().nextLong(5_000_000_000L, 6_000_000_000L);
		String token = id + ":AAH" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "secretPart_x-"
				+ Long.toHexString(ThreadLocalRandom.current().nextLong());
		String username = "acme_" + id + "_bot";
		fake.addBot(token, username);
		return new Bot(id, token, username);
	}

	Response call(String method, String path, String json, Developer developer) {
		Response response = this.api.method(method, path, json, developer.auth());
		this.responses.add(response);
		return response;
	}

	String createProject(Developer developer, String name, Bot bot) {
		String json = (bot != null) ? "{\"name\":\"" + name + "\",\"bot_token\":\"" + bot.token() + "\"}"
				: "{\"name\":\"" + name + "\"}";
		Response created = call("POST", "/api/v1/dev/projects", json, developer);
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		return created.field("id");
	}

	Response generate(String projectId) {
		Response response = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + projectId + "\"}");
		this.responses.add(response);
		return response;
	}

	Response verify(String projectId, String token) {
		return this.api.post("/api/v1/verify/public",
				"{\"project_id\":\"" + projectId + "\",\"session_token\":\"" + token + "\"}");
	}

	/** Posts an update as Telegram would for {@code bot} (null: the deployment's bot). */
	void deliver(Bot bot, TelegramUpdate update) {
		if (bot == null) {
			webhook(update);
			return;
		}
		Response response = this.api.post(WEBHOOK + "/" + bot.id(), update.json(),
				TelegramWebhookController.SECRET_HEADER, this.webhooks.secret(bot.id()));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	static String tokenOf(Bot bot) {
		return (bot != null) ? bot.token() : DEPLOYMENT_TOKEN;
	}

	/**
	 * Opens the link in {@code bot} and taps Confirm; true when the sign-in went through.
	 */
	void signInThrough(Bot bot, String projectId, Bot projectBot) {
		Response generated = generate(projectId);
		assertThat(generated.status()).as(generated.body()).isEqualTo(200);
		String expectedUsername = (projectBot != null) ? projectBot.username() : "bondify_test_bot";
		assertThat(generated.field("deeplink")).startsWith("https://t.me/" + expectedUsername + "?start=");
		String code = linkCode(generated.field("deeplink"));
		String token = generated.field("session_token");
		long user = TelegramUpdates.newUserId();

		deliver(bot, TelegramUpdates.start(user, code, "en"));
		Call prompt = this.bot.awaitOne("sendMessage", toChat(user));
		assertThat(prompt.token()).isEqualTo(tokenOf(bot));
		TelegramUpdate tap = TelegramUpdates.callback(user, user, 1, "c:" + code, "en");
		deliver(bot, tap);
		Call answer = answerTo(tap);

		assertThat(answer.token()).isEqualTo(tokenOf(bot));
		assertThat(answer.param("text")).startsWith("Signed in to");
		assertThat(verify(projectId, token).field("status")).isEqualTo("confirmed");
	}

	@Test
	void eachLinkOpensAndConfirmsOnlyInItsOwnBotAndRepliesUseThatBotsToken(CapturedOutput output) {
		Developer developer = this.developers.register();
		Bot acme = newBot();
		Bot globex = newBot();
		String acmeProject = createProject(developer, "Acme", acme);
		String globexProject = createProject(developer, "Globex", globex);
		String sharedProject = createProject(developer, "Shared", null);

		signInThrough(acme, acmeProject, acme);
		signInThrough(globex, globexProject, globex);
		signInThrough(null, sharedProject, null);

		// Acme's link in Globex's bot and in the deployment's bot: not valid there,
		// nothing
		// bound.
		Response generated = generate(acmeProject);
		String code = linkCode(generated.field("deeplink"));
		String token = generated.field("session_token");
		for (Bot other : new Bot[] { globex, null }) {
			long user = TelegramUpdates.newUserId();
			deliver(other, TelegramUpdates.start(user, code, "en"));
			Call reply = this.bot.awaitOne("sendMessage", toChat(user));
			assertThat(reply.token()).isEqualTo(tokenOf(other));
			assertThat(reply.param("text")).startsWith(LINK_INVALID);
			TelegramUpdate tap = TelegramUpdates.callback(user, user, 7, "c:" + code, "en");
			deliver(other, tap);
			assertThat(answerTo(tap).param("text")).isEqualTo("This sign-in is not valid.");
		}
		assertThat(verify(acmeProject, token).field("status")).isEqualTo("pending");
		assertThat(this.jdbc.queryForObject(
				"select bound_telegram_id from auth_sessions where project_id = ?" + " and status = 'pending'",
				Long.class, acmeProject))
			.isNull();
		// The deployment bot's link does not open in an own bot either.
		String sharedCode = linkCode(generate(sharedProject).field("deeplink"));
		long user = TelegramUpdates.newUserId();
		deliver(acme, TelegramUpdates.start(user, sharedCode, "en"));
		assertThat(this.bot.awaitOne("sendMessage", toChat(user)).param("text")).startsWith(LINK_INVALID);

		Response shown = call("GET", "/api/v1/dev/projects/" + acmeProject, null, developer);
		assertThat(shown.field("bot_username")).isEqualTo(acme.username());
		assertThat(shown.field("bot_status")).isEqualTo("ok");
		assertThat(
				call("GET", "/api/v1/dev/projects/" + sharedProject, null, developer).json().get("bot_status").isNull())
			.isTrue();
		assertTokensNeverShown(output, acme, globex);
	}

	@Test
	void aContactSharedInOneBotReachesOnlySessionsThatBotServes() {
		Developer developer = this.developers.register();
		Bot acme = newBot();
		Bot globex = newBot();
		String acmeProject = createPhoneProject(developer, "Acme", acme);
		String globexProject = createPhoneProject(developer, "Globex", globex);
		long user = TelegramUpdates.newUserId();
		Response acmeSession = generate(acmeProject);
		Response globexSession = generate(globexProject);

		// Both ask for the contact, Globex's last: the most recent request is another
		// bot's when the contact comes through Acme.
		deliver(acme, TelegramUpdates.start(user, linkCode(acmeSession.field("deeplink")), "en"));
		this.bot.await("sendMessage", toChat(user), 1, Duration.ofSeconds(10));
		deliver(globex, TelegramUpdates.start(user, linkCode(globexSession.field("deeplink")), "en"));
		List<Call> requests = this.bot.await("sendMessage", toChat(user), 2, Duration.ofSeconds(10));
		assertThat(requests).extracting(Call::token).containsExactly(acme.token(), globex.token());
		assertThat(requests).allSatisfy(call -> assertThat(call.param("text")).contains("asks for your phone number"));

		deliver(acme, TelegramUpdates.contact(user, user, "+15550004444"));

		assertThat(this.bot.await("sendMessage", toChat(user), 3, Duration.ofSeconds(10)).get(2).param("text"))
			.contains("phone number was received");
		List<Call> replies = this.bot.await("sendMessage", toChat(user), 4, Duration.ofSeconds(10));
		assertThat(replies.subList(2, 4)).extracting(Call::token).containsOnly(acme.token());
		assertThat(replies.get(3).param("text")).contains("Sign-in request for Acme");
		assertThat(phoneOf(acmeProject)).isEqualTo("+15550004444");
		assertThat(phoneOf(globexProject)).as("Globex's session took a contact shared in Acme's bot").isNull();

		// Nothing of the deployment's bot waits: a contact there reaches no session.
		deliver(null, TelegramUpdates.contact(user, user, "+15550005555"));

		Call nothing = this.bot.await("sendMessage", toChat(user), 5, Duration.ofSeconds(10)).get(4);
		assertThat(nothing.token()).isEqualTo(DEPLOYMENT_TOKEN);
		assertThat(nothing.param("text")).contains("No sign-in is waiting for a phone number");
		assertThat(phoneOf(globexProject)).as("Globex's session took a contact shared in the deployment's bot")
			.isNull();
		assertThat(verify(globexProject, globexSession.field("session_token")).field("status")).isEqualTo("pending");
	}

	private String createPhoneProject(Developer developer, String name, Bot bot) {
		Response created = call("POST", "/api/v1/dev/projects",
				"{\"name\":\"" + name + "\",\"req_phone\":true,\"bot_token\":\"" + bot.token() + "\"}", developer);
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		return created.field("id");
	}

	private String phoneOf(String projectId) {
		return this.sealer.openText(this.jdbc
			.queryForObject("select telegram_phone from auth_sessions where project_id = ?", String.class, projectId));
	}

	@Test
	void updatesIdsAreDeduplicatedPerBot() {
		Developer developer = this.developers.register();
		Bot acme = newBot();
		createProject(developer, "Acme", acme);
		long user = TelegramUpdates.newUserId();
		TelegramUpdate hello = TelegramUpdates.text(user, "hello", "en");

		deliver(null, hello);
		deliver(acme, hello);
		deliver(acme, hello);

		assertThat(this.bot.await("sendMessage", toChat(user), 2, Duration.ofSeconds(10))).extracting(Call::token)
			.containsExactlyInAnyOrder(DEPLOYMENT_TOKEN, acme.token());
		assertThat(this.jdbc.queryForObject("select count(*) from telegram_updates where update_id = ?", Long.class,
				hello.updateId()))
			.isEqualTo(2);
	}

	@Test
	void anOwnBotsWebhookNeedsItsOwnDerivedSecret() {
		Developer developer = this.developers.register();
		Bot acme = newBot();
		Bot globex = newBot();
		createProject(developer, "Acme", acme);
		TelegramUpdate hello = TelegramUpdates.text(TelegramUpdates.newUserId(), "hello", "en");

		Response withoutSecret = this.api.post(WEBHOOK + "/" + acme.id(), hello.json());
		Response deploymentSecret = this.api.post(WEBHOOK + "/" + acme.id(), hello.json(),
				TelegramWebhookController.SECRET_HEADER, SECRET);
		Response otherBotsSecret = this.api.post(WEBHOOK + "/" + acme.id(), hello.json(),
				TelegramWebhookController.SECRET_HEADER, this.webhooks.secret(globex.id()));
		Response unknownBot = this.api.post(WEBHOOK + "/" + globex.id(), hello.json(),
				TelegramWebhookController.SECRET_HEADER, this.webhooks.secret(globex.id()));
		Response notANumber = this.api.post(WEBHOOK + "/abc", hello.json(), TelegramWebhookController.SECRET_HEADER,
				SECRET);

		for (Response response : List.of(withoutSecret, deploymentSecret, otherBotsSecret, unknownBot, notANumber)) {
			assertThat(response.status()).as(response.body()).isEqualTo(401);
			assertThat(response.code()).isEqualTo("UNAUTHORIZED");
		}
		assertThat(this.webhooks.secret(acme.id())).isNotEqualTo(this.webhooks.secret(globex.id()))
			.doesNotContain(acme.token().substring(acme.token().indexOf(':') + 1))
			.matches("[A-Za-z0-9_-]{43}");
	}

	@Nested
	class Saving {

		@Test
		void aTokenTelegramRefusesIsA400AndNothingIsSaved(CapturedOutput output) {
			Developer developer = OwnBotIntegrationTest.this.developers.register();
			String unknown = "987654321:AAHunknownTokenNobodyGaveOut-1234";
			Bot revoked = newBot();
			OwnBotIntegrationTest.this.bot.revoke(revoked.token());

			for (String token : List.of(unknown, revoked.token())) {
				Response refused = call("POST", "/api/v1/dev/projects",
						"{\"name\":\"Acme\",\"bot_token\":\"" + token + "\"}", developer);
				assertThat(refused.status()).isEqualTo(400);
				assertThat(refused.code()).isEqualTo("INVALID_REQUEST");
				assertThat(refused.field("error")).contains("Telegram refused bot_token").doesNotContain(token);
			}
			Response malformed = call("POST", "/api/v1/dev/projects", "{\"name\":\"Acme\",\"bot_token\":\"nope\"}",
					developer);
			assertThat(malformed.status()).isEqualTo(400);
			assertThat(malformed.field("error")).contains("BotFather");
			assertThat(call("GET", "/api/v1/dev/projects", null, developer).json().get("projects").size()).isZero();

			String project = createProject(developer, "Acme", null);
			Response patched = call("PATCH", "/api/v1/dev/projects/" + project,
					"{\"name\":\"Renamed\",\"bot_token\":\"" + unknown + "\"}", developer);
			assertThat(patched.status()).isEqualTo(400);
			Response shown = call("GET", "/api/v1/dev/projects/" + project, null, developer);
			assertThat(shown.field("name")).isEqualTo("Acme");
			assertThat(shown.json().get("bot_username").isNull()).isTrue();
			assertThat(output.getAll()).doesNotContain(unknown).doesNotContain(revoked.token());
		}

		@Test
		void theDeploymentsOwnBotCannotBeSavedAsAProjects() {
			Developer developer = OwnBotIntegrationTest.this.developers.register();
			String token = "123456:AAHdeploymentBotTokenGivenTwice-x";
			OwnBotIntegrationTest.this.bot.addBot(token, "bondify_test_bot");

			Response refused = call("POST", "/api/v1/dev/projects",
					"{\"name\":\"Acme\",\"bot_token\":\"" + token + "\"}", developer);

			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.field("error")).contains("this server's own bot");
		}

		@Test
		void theStoredTokenIsEncryptedNeverPlain() {
			Developer developer = OwnBotIntegrationTest.this.developers.register();
			Bot acme = newBot();
			String project = createProject(developer, "Acme", acme);

			byte[] stored = OwnBotIntegrationTest.this.jdbc
				.queryForObject("select bot_token_sealed from projects where id = ?", byte[].class, project);
			String secretPart = acme.token().substring(acme.token().indexOf(':') + 1);

			assertThat(stored).isNotNull();
			assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secretPart);
			assertThat(OwnBotIntegrationTest.this.jdbc.queryForObject(
					"select count(*) from projects where id = ? and position(convert_to(?, 'UTF8') in bot_token_sealed) > 0",
					Long.class, project, secretPart))
				.isZero();
		}

		@Test
		void aBotAddedByPatchIsUsedAndRemovingItFallsBackToTheDeploymentBot(CapturedOutput output) {
			Developer developer = OwnBotIntegrationTest.this.developers.register();
			Bot acme = newBot();
			String project = createProject(developer, "Acme", null);

			Response added = call("PATCH", "/api/v1/dev/projects/" + project,
					"{\"bot_token\":\"" + acme.token() + "\"}", developer);
			assertThat(added.status()).as(added.body()).isEqualTo(200);
			assertThat(added.field("bot_username")).isEqualTo(acme.username());
			assertThat(added.field("bot_status")).isEqualTo("ok");
			signInThrough(acme, project, acme);

			Response removed = call("PATCH", "/api/v1/dev/projects/" + project, "{\"bot_token\":null}", developer);
			assertThat(removed.status()).as(removed.body()).isEqualTo(200);
			assertThat(removed.json().get("bot_username").isNull()).isTrue();
			assertThat(removed.json().get("bot_status").isNull()).isTrue();
			assertThat(OwnBotIntegrationTest.this.jdbc.queryForObject(
					"select bot_token_sealed is null and bot_id is null from projects where id = ?", Boolean.class,
					project))
				.isTrue();
			signInThrough(null, project, null);
			// The removed bot no longer posts here.
			Response stale = OwnBotIntegrationTest.this.api.post(WEBHOOK + "/" + acme.id(),
					TelegramUpdates.text(TelegramUpdates.newUserId(), "hi", "en").json(),
					TelegramWebhookController.SECRET_HEADER, OwnBotIntegrationTest.this.webhooks.secret(acme.id()));
			assertThat(stale.status()).isEqualTo(401);
			assertTokensNeverShown(output, acme);
		}

	}

	@Test
	void aRevokedTokenMarksItsBotAndOnlyItsProjectsGenerateAnswers503(CapturedOutput output) {
		Developer developer = this.developers.register();
		Bot acme = newBot();
		Bot globex = newBot();
		String acmeProject = createProject(developer, "Acme", acme);
		String globexProject = createProject(developer, "Globex", globex);
		String sharedProject = createProject(developer, "Shared", null);
		double revokedBefore = revokedCount();
		String code = linkCode(generate(acmeProject).field("deeplink"));
		this.bot.revoke(acme.token());
		long user = TelegramUpdates.newUserId();

		// The prompt for this /start goes out with the revoked token: Telegram answers
		// 401.
		deliver(acme, TelegramUpdates.start(user, code, "en"));

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					call("GET", "/api/v1/dev/projects/" + acmeProject, null, developer).field("bot_status"))
				.isEqualTo("revoked"));
		Response refused = generate(acmeProject);
		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.code()).isEqualTo("SERVICE_UNAVAILABLE");
		assertThat(refused.field("error")).contains("revoked").contains("bot_token");
		assertThat(generate(globexProject).status()).isEqualTo(200);
		assertThat(generate(sharedProject).status()).isEqualTo(200);
		assertThat(call("GET", "/api/v1/dev/projects/" + globexProject, null, developer).field("bot_status"))
			.isEqualTo("ok");
		assertThat(revokedCount()).isEqualTo(revokedBefore + 1);
		// Logged once, by bot id, never with the token.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output.getAll()).contains("own bot " + acme.id()));
		assertThat(output.getAll().split("own bot " + acme.id() + " of", -1)).hasSize(2);

		// A new token for the same project brings it back.
		Bot renewed = newBot();
		Response saved = call("PATCH", "/api/v1/dev/projects/" + acmeProject,
				"{\"bot_token\":\"" + renewed.token() + "\"}", developer);
		assertThat(saved.field("bot_status")).isEqualTo("ok");
		signInThrough(renewed, acmeProject, renewed);
		assertTokensNeverShown(output, acme, globex, renewed);
	}

	private double revokedCount() {
		Counter counter = this.meters.find(BotApiSender.REVOKED_METRIC).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private void assertTokensNeverShown(CapturedOutput output, Bot... bots) {
		for (Bot shown : bots) {
			String secretPart = shown.token().substring(shown.token().indexOf(':') + 1);
			assertThat(output.getAll()).doesNotContain(secretPart);
			assertThat(this.responses).allSatisfy(response -> {
				assertThat(response.body()).doesNotContain(secretPart);
				assertThat(response.raw().headers().map().toString()).doesNotContain(secretPart);
			});
		}
	}

}
