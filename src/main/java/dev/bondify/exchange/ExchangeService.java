package dev.bondify.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;

import dev.bondify.project.Project;
import dev.bondify.session.Caller;
import dev.bondify.session.ProvenSignIns;
import dev.bondify.session.RequestSource;
import dev.bondify.session.SessionService;
import dev.bondify.session.SingleUseDatum;
import dev.bondify.session.TelegramIdentity;
import dev.bondify.session.VerifyResponse;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * Turns verified Telegram data into a confirmed session of the project: the caller is
 * checked as generate checks it, the data against the bot that serves the project, and
 * the datum is claimed by the one statement that creates the session confirmed and
 * delivered ({@link ProvenSignIns}: so it works once, and a failure leaves it usable).
 */
@Service
class ExchangeService {

	private final SessionService sessions;

	private final ServingBots bots;

	private final MiniAppDataVerifier miniApps;

	private final LoginWidgetVerifier widgets;

	private final TelegramIdTokenVerifier idTokens;

	private final ProvenSignIns signIns;

	private final Duration maxAge;

	ExchangeService(SessionService sessions, ServingBots bots, MiniAppDataVerifier miniApps,
			LoginWidgetVerifier widgets, TelegramIdTokenVerifier idTokens, ProvenSignIns signIns,
			ExchangeProperties properties) {
		this.sessions = sessions;
		this.bots = bots;
		this.miniApps = miniApps;
		this.widgets = widgets;
		this.idTokens = idTokens;
		this.signIns = signIns;
		this.maxAge = properties.maxAge();
	}

	VerifyResponse.Confirmed exchange(String projectId, ExchangeType type, JsonNode data, Caller caller,
			RequestSource source) {
		Project project = this.sessions.authorizeNewSignIn(projectId, caller);
		if (project.isSandbox()) {
			throw new ApiException(ErrorCode.INVALID_REQUEST,
					"A sandbox project signs in on the sandbox page only; use a live project with a bot.");
		}
		ServingBot bot = this.bots.forProject(project)
			.orElseThrow(() -> TelegramData.refused("No Telegram bot serves this project, so no data can be checked."));
		VerifiedLogin login = switch (type) {
			case WEBAPP -> this.miniApps.verify(text(data, "webapp", "the raw initData string"), bot);
			case WIDGET -> this.widgets.verify(data, bot);
			case OIDC -> this.idTokens.verify(text(data, "oidc", "the id_token"), bot);
		};
		if (project.isReqPhone() && login.phone() == null) {
			throw new ApiException(ErrorCode.INVALID_REQUEST, "This project requires the user's phone number, which "
					+ type.name().toLowerCase(Locale.ROOT)
					+ " data does not carry: use the bot's sign-in, or Telegram's OpenID Connect login with the phone scope.");
		}
		TelegramIdentity identity = new TelegramIdentity(login.telegramId(), login.name(), login.username(),
				project.isReqPhone() ? login.phone() : null);
		// Kept until the datum is too old to be accepted anyway (also when it was dated a
		// little in the future).
		Instant keepUntil = login.issuedAt().plus(this.maxAge).plus(ExchangeProperties.CLOCK_SKEW);
		return this.signIns
			.signIn(project, login.source(), identity, source, new SingleUseDatum(login.datumHash(), keepUntil))
			.orElseThrow(() -> new ApiException(ErrorCode.DATA_ALREADY_USED));
	}

	private static String text(JsonNode data, String type, String what) {
		if (!data.isString() || data.asString().isBlank()) {
			throw new ApiException(ErrorCode.INVALID_REQUEST, "For type " + type + ", data must be " + what + ".");
		}
		return data.asString();
	}

}
