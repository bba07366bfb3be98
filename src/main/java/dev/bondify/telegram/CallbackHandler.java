package dev.bondify.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;

import dev.bondify.project.Project;
import dev.bondify.project.ProjectRepository;
import dev.bondify.session.SessionService;
import dev.bondify.session.SessionSnapshot;
import dev.bondify.session.TransitionResult;

/**
 * Confirm / Cancel taps: one conditional state change through {@link SessionService},
 * then the prompt is edited to its final text; the callback query is always answered,
 * with the reason when nothing changed.
 */
class CallbackHandler {

	private final SessionService sessions;

	private final ProjectRepository projects;

	private final BotReplies replies;

	CallbackHandler(SessionService sessions, ProjectRepository projects, BotReplies replies) {
		this.sessions = sessions;
		this.projects = projects;
		this.replies = replies;
	}

	List<BotApiMethod<?>> handle(CallbackQuery query) {
		User from = query.getFrom();
		Locale locale = BotTexts.localeOf(from.getLanguageCode());
		String data = (query.getData() != null) ? query.getData() : "";
		boolean confirm = data.startsWith(BotReplies.CONFIRM_PREFIX);
		if (!confirm && !data.startsWith(BotReplies.CANCEL_PREFIX)) {
			return List.of(this.replies.answer(query.getId(), locale, "answer.invalid"));
		}
		String token = data.substring(2);
		Optional<SessionSnapshot> session = this.sessions.find(token);
		Optional<Project> project = session.flatMap(found -> this.projects.findById(found.projectId()));
		if (project.isEmpty()) {
			return List.of(this.replies.answer(query.getId(), locale, "answer.invalid"));
		}
		String projectName = project.get().getName();
		if (confirm && project.get().isReqPhone() && session.get().telegramPhone() == null
				&& session.get().isBoundTo(from.getId())) {
			// Only reachable from a stale prompt: the prompt of a req_phone project is
			// sent after the contact.
			return List.of(this.replies.answer(query.getId(), locale, "answer.phone-first"),
					this.replies.contactRequest(from.getId(), locale, projectName));
		}
		TransitionResult result = confirm
				? this.sessions.confirm(token,
						TelegramUpdateHandler.identity(from,
								project.get().isReqPhone() ? session.get().telegramPhone() : null))
				: this.sessions.cancel(token, from.getId());
		List<BotApiMethod<?>> calls = new ArrayList<>(2);
		if (!result.done()) {
			calls.add(this.replies.answer(query.getId(), locale, reasonKey(result.outcome())));
			return calls;
		}
		calls.add(confirm ? this.replies.answer(query.getId(), locale, "answer.confirmed", projectName)
				: this.replies.answer(query.getId(), locale, "answer.cancelled"));
		MaybeInaccessibleMessage message = query.getMessage();
		if (message != null) {
			calls.add(confirm
					? this.replies.edit(message.getChatId(), message.getMessageId(), locale, "final.confirmed",
							projectName)
					: this.replies.edit(message.getChatId(), message.getMessageId(), locale, "final.cancelled"));
		}
		return calls;
	}

	private static String reasonKey(TransitionResult.Outcome outcome) {
		return switch (outcome) {
			case EXPIRED -> "answer.expired";
			case ALREADY_CONFIRMED -> "answer.already-confirmed";
			case ALREADY_CANCELLED -> "answer.already-cancelled";
			case OTHER_USER -> "answer.other-user";
			case NOT_FOUND, DONE -> "answer.invalid";
		};
	}

}
