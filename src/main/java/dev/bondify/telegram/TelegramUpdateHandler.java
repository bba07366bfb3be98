package dev.bondify.telegram;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Contact;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import org.springframework.stereotype.Component;

import dev.bondify.session.LinkedSession;
import dev.bondify.session.PhoneShared;
import dev.bondify.session.ReceivingBot;
import dev.bondify.session.SessionService;
import dev.bondify.session.TelegramIdentity;
import dev.bondify.session.TransitionResult;
import dev.bondify.session.UserCodes;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.RateLimiter;
import dev.bondify.system.TextRules;

/**
 * Decides what one update means in a private chat ({@code /start <link code>}, a device
 * authorization's user code typed as a message, a shared contact, a Confirm / Cancel tap,
 * anything else), applies the state change through {@link SessionService}, and returns
 * the replies to send after the commit. Group and channel updates are ignored.
 */
@Component
class TelegramUpdateHandler {

	static final int USER_CODE_ATTEMPTS_PER_MINUTE = 3;

	private final SessionService sessions;

	private final BotReplies replies;

	private final CallbackHandler callbacks;

	private final ResumeTokenSealer sealer;

	private final BotClients bots;

	private final RateLimiter rateLimiter;

	TelegramUpdateHandler(SessionService sessions, BotReplies replies, CallbackHandler callbacks,
			ResumeTokenSealer sealer, BotClients bots, RateLimiter rateLimiter) {
		this.rateLimiter = rateLimiter;
		this.sessions = sessions;
		this.replies = replies;
		this.callbacks = callbacks;
		this.sealer = sealer;
		this.bots = bots;
	}

	/**
	 * Whether {@code botId} serves the session: its project's own bot, else the
	 * deployment's.
	 */
	static boolean servedBy(LinkedSession linked, long botId, BotClients bots) {
		return new ReceivingBot(botId, bots.deploymentBotId()).serves(linked.botId());
	}

	/** An update that reached the bot {@code botId}. */
	HandledUpdate handle(long botId, Update update) {
		if (update.hasCallbackQuery()) {
			CallbackQuery query = update.getCallbackQuery();
			MaybeInaccessibleMessage message = query.getMessage();
			if (query.getId() == null || !isUsable(query.getFrom())
					|| (message != null && (!isPrivate(message.getChat()) || message.getMessageId() == null))) {
				return HandledUpdate.ignored();
			}
			return new HandledUpdate(HandledUpdate.CALLBACK, this.callbacks.handle(botId, query));
		}
		if (!update.hasMessage()) {
			return HandledUpdate.ignored();
		}
		Message message = update.getMessage();
		User from = message.getFrom();
		if (!isUsable(from) || Boolean.TRUE.equals(from.getIsBot()) || !isPrivate(message.getChat())
				|| (message.hasContact() && !TextRules.isAcceptable(message.getContact().getPhoneNumber()))) {
			return HandledUpdate.ignored();
		}
		Locale locale = BotTexts.localeOf(from.getLanguageCode());
		long chatId = message.getChatId();
		if (message.hasContact()) {
			return new HandledUpdate(HandledUpdate.CONTACT, contact(botId, chatId, locale, from, message.getContact()));
		}
		String payload = startPayload(message.getText());
		if (payload == null && UserCodes.normalize(message.getText()).isPresent()) {
			return new HandledUpdate(HandledUpdate.START, userCode(botId, chatId, locale, from, message.getText()));
		}
		if (payload == null || payload.isEmpty()) {
			return new HandledUpdate(HandledUpdate.OTHER, List.of(this.replies.text(chatId, locale, "help")));
		}
		return new HandledUpdate(HandledUpdate.START, start(botId, chatId, locale, from, payload));
	}

	/**
	 * {@code /start <link code>}: one read of the session by its code, then one
	 * conditional bind (which refuses sandbox sessions, expired or finished ones, and
	 * links another user opened first).
	 */
	private List<BotApiMethod<?>> start(long botId, long chatId, Locale locale, User from, String linkCode) {
		Optional<LinkedSession> found = this.sessions.findByLinkCode(linkCode)
			// Sandbox sessions belong to the sandbox page, never to the real bot; a
			// project's link opens only in that project's bot.
			.filter(linked -> !linked.sandbox())
			.filter(linked -> servedBy(linked, botId, this.bots));
		if (found.isEmpty()) {
			return List.of(this.replies.text(chatId, locale, "link.invalid"));
		}
		ReceivingBot bot = new ReceivingBot(botId, this.bots.deploymentBotId());
		TransitionResult bound = this.sessions.bind(bot, linkCode, from.getId());
		if (!bound.done()) {
			return List.of(this.replies.text(chatId, locale, linkKey(bound.outcome())));
		}
		String projectName = found.get().projectName();
		if (found.get().reqPhone() && bound.session().telegramPhone() == null) {
			if (!this.sessions.requestPhone(bot, linkCode, from.getId(), this.sealer.seal(linkCode, from.getId()))) {
				return List.of(this.replies.text(chatId, locale, "link.expired"));
			}
			return List.of(this.replies.contactRequest(chatId, locale, projectName));
		}
		return List.of(this.replies.prompt(chatId, locale, projectName, bound.session(), linkCode));
	}

	/**
	 * A device authorization's user code typed as a message: at most
	 * {@value #USER_CODE_ATTEMPTS_PER_MINUTE} lookups a minute per chat (a code is one of
	 * 20^8, so guessing is hopeless), then the same steps as its deeplink.
	 */
	private List<BotApiMethod<?>> userCode(long botId, long chatId, Locale locale, User from, String text) {
		try {
			this.rateLimiter.acquire("user-code-chat:" + chatId, USER_CODE_ATTEMPTS_PER_MINUTE);
		}
		catch (ApiException ex) {
			if (ex.code() != ErrorCode.RATE_LIMITED) {
				throw ex;
			}
			return List.of(this.replies.text(chatId, locale, "code.too-many"));
		}
		Optional<String> linkCode = this.sessions.linkCodeForUserCode(text);
		if (linkCode.isEmpty()) {
			return List.of(this.replies.text(chatId, locale, "code.invalid"));
		}
		return start(botId, chatId, locale, from, linkCode.get());
	}

	private List<BotApiMethod<?>> contact(long botId, long chatId, Locale locale, User from, Contact contact) {
		if (contact.getUserId() == null || !contact.getUserId().equals(from.getId())) {
			return List.of(this.replies.text(chatId, locale, "phone.foreign"));
		}
		// Only a session this bot serves may take the phone: the user may have another
		// sign-in waiting for a contact in another bot.
		Optional<PhoneShared> shared = this.sessions.attachPhone(new ReceivingBot(botId, this.bots.deploymentBotId()),
				from.getId(), normalizePhone(contact.getPhoneNumber()));
		Optional<String> linkCode = shared.flatMap(phone -> this.sealer.open(phone.resumeToken(), from.getId()));
		Optional<LinkedSession> linked = linkCode.flatMap(this.sessions::findByLinkCode)
			.filter(found -> servedBy(found, botId, this.bots));
		if (linked.isEmpty()) {
			return List.of(this.replies.textRemovingKeyboard(chatId, locale, "phone.nothing-waiting"));
		}
		return List.of(this.replies.textRemovingKeyboard(chatId, locale, "phone.received"), this.replies.prompt(chatId,
				locale, linked.get().projectName(), shared.get().session(), linkCode.get()));
	}

	static String linkKey(TransitionResult.Outcome outcome) {
		return switch (outcome) {
			case EXPIRED -> "link.expired";
			case ALREADY_CONFIRMED -> "link.confirmed";
			case ALREADY_CANCELLED -> "link.cancelled";
			case OTHER_USER -> "link.other-user";
			case NOT_FOUND, NOT_ALLOWED, DONE -> "link.invalid";
		};
	}

	/**
	 * The argument of {@code /start} or {@code /start@bot_name}; null when the text is
	 * not that command.
	 */
	static String startPayload(String text) {
		if (text == null || !text.startsWith("/start")) {
			return null;
		}
		String rest = text.substring("/start".length());
		if (rest.startsWith("@")) {
			int space = rest.indexOf(' ');
			rest = (space < 0) ? "" : rest.substring(space);
		}
		else if (!rest.isEmpty() && !Character.isWhitespace(rest.charAt(0))) {
			return null;
		}
		return rest.trim();
	}

	/**
	 * Telegram sends phone numbers with or without the leading {@code +}; store them in
	 * E.164 form.
	 */
	static String normalizePhone(String phone) {
		String trimmed = (phone != null) ? phone.trim() : "";
		String normalized = trimmed.startsWith("+") ? trimmed : "+" + trimmed;
		return (normalized.length() > 32) ? normalized.substring(0, 32) : normalized;
	}

	static boolean isPrivate(Chat chat) {
		return chat != null && chat.getId() != null && "private".equals(chat.getType());
	}

	/**
	 * Guards against incomplete or hostile updates (also those from polling, which skip
	 * the webhook's checks): a sender needs an id and a first name, and the names that
	 * are stored must obey {@link TextRules}.
	 */
	static boolean isUsable(User user) {
		return user != null && user.getId() != null && user.getFirstName() != null
				&& TextRules.isAcceptable(user.getFirstName()) && TextRules.isAcceptable(user.getLastName())
				&& TextRules.isAcceptable(user.getUserName());
	}

	static TelegramIdentity identity(User user, String phone) {
		String name = (user.getLastName() == null || user.getLastName().isBlank()) ? user.getFirstName()
				: user.getFirstName() + " " + user.getLastName();
		return new TelegramIdentity(user.getId(), name, user.getUserName(), phone);
	}

}
