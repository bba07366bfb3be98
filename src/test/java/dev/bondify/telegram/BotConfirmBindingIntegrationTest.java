package dev.bondify.telegram;

import org.junit.jupiter.api.Test;

import dev.bondify.project.Project;
import dev.bondify.session.ReceivingBot;
import dev.bondify.session.TelegramIdentity;
import dev.bondify.session.TransitionResult.Outcome;
import dev.bondify.support.FakeBotApi.Call;
import dev.bondify.telegram.TelegramUpdates.TelegramUpdate;

import static dev.bondify.support.FakeBotApi.toChat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Confirm and Cancel through the bot change a session only from the bot's own prompt: for
 * the user the session is bound to by {@code /start}, on a live project, with the phone
 * on a req_phone project. One test per way around it; each leaves the session pending and
 * says the tap is not valid.
 */
class BotConfirmBindingIntegrationTest extends BotIntegrationTest {

	/** The deployment's bot of the test context (its token is {@code 123456:…}). */
	static final ReceivingBot DEPLOYMENT_BOT = new ReceivingBot(123456, 123456);

	private static final String INVALID = "This sign-in is not valid.";

	@Test
	void tapOnASessionNobodyOpenedWithStartChangesNothing() {
		Project project = this.projects.live();
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();

		TelegramUpdate confirm = TelegramUpdates.callback(user, user, 3, "c:" + code(token), "en");
		TelegramUpdate cancel = TelegramUpdates.callback(user, user, 3, "x:" + code(token), "en");
		webhook(confirm);
		webhook(cancel);

		assertThat(answerTo(confirm).param("text")).contains(INVALID);
		assertThat(answerTo(cancel).param("text")).contains(INVALID);
		assertThat(verify(project, token).field("status")).isEqualTo("pending");
		assertThat(this.bot.calls("editMessageText", toChat(user))).isEmpty();
	}

	@Test
	void tapOnASessionBoundToAnotherUserChangesNothing() {
		Project project = this.projects.live();
		String token = generate(project, null);
		long owner = TelegramUpdates.newUserId();
		long intruder = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.start(owner, code(token), "en"));
		this.bot.awaitOne("sendMessage", toChat(owner));

		TelegramUpdate confirm = TelegramUpdates.callback(intruder, intruder, 3, "c:" + code(token), "en");
		TelegramUpdate cancel = TelegramUpdates.callback(intruder, intruder, 3, "x:" + code(token), "en");
		webhook(confirm);
		webhook(cancel);

		assertThat(answerTo(confirm).param("text")).contains("belongs to another Telegram account");
		assertThat(answerTo(cancel).param("text")).contains("belongs to another Telegram account");
		assertThat(verify(project, token).field("status")).isEqualTo("pending");
		assertThat(this.sessionService.find(token).orElseThrow().boundTelegramId()).isEqualTo(owner);
	}

	@Test
	void everyBotTransitionRefusesABotThatDoesNotServeTheProject() {
		Project project = this.projects.live(p -> p.setReqPhone(true));
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		ReceivingBot otherBot = new ReceivingBot(987654321L, DEPLOYMENT_BOT.deploymentBotId());

		// Refused in the statements themselves, whatever the handlers checked before.
		assertThat(this.sessionService.bind(otherBot, code(token), user).outcome()).isEqualTo(Outcome.NOT_ALLOWED);
		assertThat(this.sessionService.find(token).orElseThrow().boundTelegramId()).isNull();
		assertThat(this.sessionService.bind(DEPLOYMENT_BOT, code(token), user).done()).isTrue();
		assertThat(this.sessionService.requestPhone(otherBot, code(token), user, new byte[] { 1 })).isFalse();
		assertThat(this.sessionService.requestPhone(DEPLOYMENT_BOT, code(token), user, new byte[] { 1 })).isTrue();
		assertThat(this.sessionService.attachPhone(otherBot, user, "+15550006666")).isEmpty();
		assertThat(this.sessionService.attachPhone(DEPLOYMENT_BOT, user, "+15550006666")).isPresent();
		assertThat(this.sessionService.confirmFromBot(otherBot, code(token), identity(user)).outcome())
			.isEqualTo(Outcome.NOT_ALLOWED);
		assertThat(this.sessionService.cancelFromBot(otherBot, code(token), user).outcome())
			.isEqualTo(Outcome.NOT_ALLOWED);
		assertThat(verify(project, token).field("status")).isEqualTo("pending");
		assertThat(this.sessionService.confirmFromBot(DEPLOYMENT_BOT, code(token), identity(user)).done()).isTrue();
		assertThat(verify(project, token).field("telegram_phone")).isEqualTo("+15550006666");
	}

	@Test
	void tapOnASandboxSessionChangesNothing() {
		Project project = this.projects.sandbox();
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();

		webhook(TelegramUpdates.start(user, code(token), "en"));
		TelegramUpdate confirm = TelegramUpdates.callback(user, user, 3, "c:" + code(token), "en");
		TelegramUpdate cancel = TelegramUpdates.callback(user, user, 3, "x:" + code(token), "en");
		webhook(confirm);
		webhook(cancel);

		assertThat(this.bot.awaitOne("sendMessage", toChat(user)).param("text"))
			.startsWith("This sign-in link is not valid.");
		assertThat(answerTo(confirm).param("text")).contains(INVALID);
		assertThat(answerTo(cancel).param("text")).contains(INVALID);
		assertThat(verify(project, token).field("status")).isEqualTo("pending");
		assertThat(this.sessionService.find(token).orElseThrow().boundTelegramId()).isNull();
		// The database refuses it too, whatever the caller checked before.
		assertThat(this.sessionService.bind(DEPLOYMENT_BOT, code(token), user).outcome())
			.isEqualTo(Outcome.NOT_ALLOWED);
		assertThat(this.sessionService.confirmFromBot(DEPLOYMENT_BOT, code(token), identity(user)).outcome())
			.isEqualTo(Outcome.NOT_ALLOWED);
	}

	@Test
	void confirmOnAPhoneProjectBeforeThePhoneWasSharedChangesNothing() {
		Project project = this.projects.live(p -> p.setReqPhone(true));
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.start(user, code(token), "en"));
		this.bot.awaitOne("sendMessage", toChat(user));

		TelegramUpdate cancel = TelegramUpdates.callback(user, user, 3, "x:" + code(token), "en");
		webhook(cancel);

		assertThat(answerTo(cancel).param("text")).contains(INVALID);
		// The conditional update itself refuses, not only the bot's reply.
		assertThat(this.sessionService.confirmFromBot(DEPLOYMENT_BOT, code(token), identity(user)).outcome())
			.isEqualTo(Outcome.NOT_ALLOWED);
		assertThat(this.sessionService.cancelFromBot(DEPLOYMENT_BOT, code(token), user).outcome())
			.isEqualTo(Outcome.NOT_ALLOWED);
		assertThat(verify(project, token).field("status")).isEqualTo("pending");
	}

	@Test
	void phoneFromTheCallerIsNeverStoredOnlyTheSharedOne() {
		Project project = this.projects.live(p -> p.setReqPhone(true));
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.start(user, code(token), "en"));
		webhook(TelegramUpdates.contact(user, user, "+15550003333"));

		TelegramIdentity claimed = new TelegramIdentity(user, "Alex Johnson", null, "+19999999999");
		assertThat(this.sessionService.confirmFromBot(DEPLOYMENT_BOT, code(token), claimed).done()).isTrue();

		assertThat(verify(project, token).field("telegram_phone")).isEqualTo("+15550003333");
	}

	@Test
	void tapWithoutTheBotsMessageChangesNothing() {
		Project project = this.projects.live();
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.start(user, code(token), "en"));
		this.bot.awaitOne("sendMessage", toChat(user));

		TelegramUpdate confirm = TelegramUpdates.callbackWithoutMessage(user, "c:" + code(token));
		TelegramUpdate cancel = TelegramUpdates.callbackWithoutMessage(user, "x:" + code(token));
		webhook(confirm);
		webhook(cancel);

		assertThat(answerTo(confirm).param("text")).contains(INVALID);
		assertThat(answerTo(cancel).param("text")).contains(INVALID);
		assertThat(verify(project, token).field("status")).isEqualTo("pending");
	}

	@Test
	void tapOnAMessageInAnotherChatChangesNothing() {
		Project project = this.projects.live();
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.start(user, code(token), "en"));
		this.bot.awaitOne("sendMessage", toChat(user));

		TelegramUpdate confirm = TelegramUpdates.callback(user, user + 1, 3, "c:" + code(token), "en");
		webhook(confirm);

		assertThat(answerTo(confirm).param("text")).contains(INVALID);
		assertThat(verify(project, token).field("status")).isEqualTo("pending");
	}

	@Test
	void theBoundUserConfirmsFromThePrompt() {
		Project project = this.projects.live();
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.start(user, code(token), "en"));
		Call prompt = this.bot.awaitOne("sendMessage", toChat(user));

		webhook(TelegramUpdates.callback(user, user, 3, buttons(prompt).get(0).get("callback_data").asString(), "en"));

		assertThat(verify(project, token).field("status")).isEqualTo("confirmed");
	}

	private static TelegramIdentity identity(long user) {
		return new TelegramIdentity(user, "Alex Johnson", null, null);
	}

}
