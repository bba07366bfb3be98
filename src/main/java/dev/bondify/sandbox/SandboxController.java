package dev.bondify.sandbox;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.bondify.access.Origins;
import dev.bondify.session.SessionSnapshot;
import dev.bondify.session.SessionStatus;
import dev.bondify.session.TransitionResult;

/**
 * The sandbox page that stands in for the Telegram bot: shows the bot's message for a
 * sandbox session and confirms or cancels it with an editable test identity.
 */
@Controller
@RequestMapping("/sandbox/telegram")
class SandboxController {

	private static final String VIEW = "sandbox/telegram";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final SandboxService sandbox;

	SandboxController(SandboxService sandbox) {
		this.sandbox = sandbox;
	}

	@GetMapping
	String page(@RequestParam("start") String linkCode, CsrfToken csrf, Model model) {
		// Generated before rendering starts, so its cookie is set before any of the page
		// is flushed.
		csrf.getToken();
		SandboxSession session = this.sandbox.open(linkCode);
		describe(session, model);
		model.addAttribute("identity", new TestIdentityForm());
		if (session.snapshot().status() != SessionStatus.PENDING) {
			showResult(Result.of(session.snapshot().status()), session, model);
		}
		return VIEW;
	}

	@PostMapping("/confirm")
	String confirm(@RequestParam("start") String linkCode, @Valid @ModelAttribute("identity") TestIdentityForm identity,
			BindingResult errors, CsrfToken csrf, Model model, HttpServletResponse response) {
		csrf.getToken();
		SandboxSession session = this.sandbox.open(linkCode);
		describe(session, model);
		if (session.reqPhone() && (identity.getPhone() == null || identity.getPhone().isEmpty())) {
			errors.rejectValue("phone", "required");
		}
		if (errors.hasErrors()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return VIEW;
		}
		return show(this.sandbox.confirm(session, identity.toIdentity(session.reqPhone())), true, session, model,
				response);
	}

	@PostMapping("/cancel")
	String cancel(@RequestParam("start") String linkCode, CsrfToken csrf, Model model, HttpServletResponse response) {
		csrf.getToken();
		SandboxSession session = this.sandbox.open(linkCode);
		describe(session, model);
		model.addAttribute("identity", new TestIdentityForm());
		return show(this.sandbox.cancel(session), false, session, model, response);
	}

	private String show(TransitionResult result, boolean confirming, SandboxSession session, Model model,
			HttpServletResponse response) {
		Result shown = switch (result.outcome()) {
			case DONE -> confirming ? Result.SIGNED_IN : Result.CANCELLED;
			case EXPIRED -> Result.EXPIRED;
			case ALREADY_CONFIRMED -> Result.ALREADY_CONFIRMED;
			case ALREADY_CANCELLED -> Result.ALREADY_CANCELLED;
			case OTHER_USER -> Result.OTHER_USER;
			case NOT_FOUND -> Result.GONE;
			case NOT_ALLOWED -> Result.REFUSED;
		};
		if (!result.done()) {
			// Nothing changed: say so to scripts too, not only in the text.
			response.setStatus(HttpStatus.CONFLICT.value());
		}
		showResult(shown, session, model);
		return VIEW;
	}

	private static void showResult(Result result, SandboxSession session, Model model) {
		model.addAttribute("resultText", result.text(session.projectName()));
		model.addAttribute("resultChanged", result.changed);
	}

	private static void describe(SandboxSession session, Model model) {
		SessionSnapshot snapshot = session.snapshot();
		model.addAttribute("linkCode", session.linkCode());
		model.addAttribute("projectName", session.projectName());
		model.addAttribute("reqPhone", session.reqPhone());
		model.addAttribute("origin", origin(snapshot.origin()));
		model.addAttribute("clientIp", (snapshot.clientIp() != null) ? snapshot.clientIp() : "unknown");
		model.addAttribute("requestedAt", format(snapshot.createdAt()));
		model.addAttribute("expiresAt", format(snapshot.expiresAt()));
	}

	/** The same wording as the bot's prompt: only a normalised origin is shown. */
	static String origin(String stored) {
		Origins.Shown shown = Origins.shown(stored);
		return switch (shown.kind()) {
			case WEBSITE -> shown.origin();
			case NO_WEBSITE -> "an app or server (no website)";
			case OPAQUE -> "a web page that does not tell its address";
			case UNKNOWN -> "unknown";
		};
	}

	private static String format(Instant instant) {
		return (instant != null) ? TIME.format(instant) : "";
	}

	/** What the page says once nothing more can be done with the session. */
	enum Result {

		SIGNED_IN(true, "✅ Signed in to %s — you can return to the app."),
		CANCELLED(true, "❌ Sign-in cancelled. You can return to the app."),
		EXPIRED(false, "⌛ This sign-in request has expired. Nothing was changed; start again from the app."),
		ALREADY_CONFIRMED(false, "This sign-in was already confirmed. Nothing was changed."),
		ALREADY_CANCELLED(false, "This sign-in was already cancelled. Nothing was changed."),
		OTHER_USER(false, "Another Telegram user opened this sign-in first. Nothing was changed."),
		GONE(false, "This sign-in no longer exists. Nothing was changed."),
		REFUSED(false, "This sign-in cannot be changed from this page. Nothing was changed.");

		private final boolean changed;

		private final String text;

		Result(boolean changed, String text) {
			this.changed = changed;
			this.text = text;
		}

		static Result of(SessionStatus status) {
			return switch (status) {
				case CONFIRMED, USED -> ALREADY_CONFIRMED;
				case CANCELLED -> ALREADY_CANCELLED;
				case EXPIRED, PENDING -> EXPIRED;
			};
		}

		/** The sentence, with the project's name where it has one. */
		String text(String projectName) {
			return String.format(this.text, projectName);
		}

	}

}
