package dev.bondify.telegram;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Contact;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import org.springframework.stereotype.Component;

import dev.bondify.project.Project;
import dev.bondify.project.ProjectRepository;
import dev.bondify.session.PhoneShared;
import dev.bondify.session.SessionService;
import dev.bondify.session.SessionSnapshot;
import dev.bondify.session.TelegramIdentity;
import dev.bondify.session.TransitionResult;
import dev.bondify.system.TextRules;

/**
 * Decides what one update means in a private chat ({@code /start <token>}, a shared
 * contact, a Confirm / Cancel tap, anything else), applies the state change through
 * {@link SessionService}, and returns the replies to send after the commit. Group and
 * channel updates are ignored.
 */
@Component
class TelegramUpdateHandler {

	private static final Pattern SESSION_TOKEN = Pattern.compile("sess_[A-Za-z0-9_-]{43}");

	private final SessionService sessions;

	private final ProjectRepository projects;

	private final BotReplies replies;

	private final CallbackHandler callbacks;

	private final ResumeTokenSealer sealer;

	TelegramUpdateHandler(SessionService sessions, ProjectRepository projects, BotTexts texts,
			TelegramProperties telegram) {
		this.sessions = sessions;
		this.projects = projects;
		this.replies = new BotReplies(texts);
		this.callbacks = new CallbackHandler(sessions, projects, this.replies);
		this.sealer = new ResumeTokenSealer(String.valueOf(telegram.botToken()));
	}

	HandledUpdate handle(Update update) {
		if (update.hasCallbackQuery()) {
			CallbackQuery query = update.getCallbackQuery();
			MaybeInaccessibleMessage message = query.getMessage();
			if (query.getId() == null || !isUsable(query.getFrom())
					|| (message != null && (!isPrivate(message.getChat()) || message.getMessageId() == null))) {
				return HandledUpdate.ignored();
			}
			return new HandledUpdate(HandledUpdate.CALLBACK, this.callbacks.handle(query));
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
			return new HandledUpdate(HandledUpdate.CONTACT, contact(chatId, locale, from, message.getContact()));
		}
		String payload = startPayload(message.getText());
		if (payload == null || payload.isEmpty()) {
			return new HandledUpdate(HandledUpdate.OTHER, List.of(this.replies.text(chatId, locale, "help")));
		}
		return new HandledUpdate(HandledUpdate.START, start(chatId, locale, from, payload));
	}

	private List<BotApiMethod<?>> start(long chatId, Locale locale, User from, String token) {
		Optional<SessionSnapshot> found = SESSION_TOKEN.matcher(token).matches() ? this.sessions.find(token)
				: Optional.empty();
		Optional<Project> project = found.flatMap(session -> this.projects.findById(session.projectId()))
			// Sandbox sessions belong to the sandbox page, never to the real bot.
			.filter(candidate -> !candidate.isSandbox());
		if (project.isEmpty()) {
			return List.of(this.replies.text(chatId, locale, "link.invalid"));
		}
		TransitionResult bound = this.sessions.bind(token, from.getId());
		if (!bound.done()) {
			return List.of(this.replies.text(chatId, locale, linkKey(bound.outcome())));
		}
		SessionSnapshot session = bound.session();
		if (project.get().isReqPhone() && session.telegramPhone() == null) {
			if (!this.sessions.requestPhone(token, from.getId(), this.sealer.seal(token, from.getId()))) {
				return List.of(this.replies.text(chatId, locale, "link.expired"));
			}
			return List.of(this.replies.contactRequest(chatId, locale, project.get().getName()));
		}
		return List.of(this.replies.prompt(chatId, locale, project.get().getName(), session, token));
	}

	private List<BotApiMethod<?>> contact(long chatId, Locale locale, User from, Contact contact) {
		if (contact.getUserId() == null || !contact.getUserId().equals(from.getId())) {
			return List.of(this.replies.text(chatId, locale, "phone.foreign"));
		}
		Optional<PhoneShared> shared = this.sessions.attachPhone(from.getId(),
				normalizePhone(contact.getPhoneNumber()));
		Optional<String> token = shared.flatMap(phone -> this.sealer.open(phone.resumeToken(), from.getId()));
		Optional<Project> project = shared.flatMap(phone -> this.projects.findById(phone.session().projectId()));
		if (token.isEmpty() || project.isEmpty()) {
			return List.of(this.replies.textRemovingKeyboard(chatId, locale, "phone.nothing-waiting"));
		}
		return List.of(this.replies.textRemovingKeyboard(chatId, locale, "phone.received"),
				this.replies.prompt(chatId, locale, project.get().getName(), shared.get().session(), token.get()));
	}

	static String linkKey(TransitionResult.Outcome outcome) {
		return switch (outcome) {
			case EXPIRED -> "link.expired";
			case ALREADY_CONFIRMED -> "link.confirmed";
			case ALREADY_CANCELLED -> "link.cancelled";
			case OTHER_USER -> "link.other-user";
			case NOT_FOUND, DONE -> "link.invalid";
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
		String trimmed = (phone == null) ? "" : phone.trim();
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
