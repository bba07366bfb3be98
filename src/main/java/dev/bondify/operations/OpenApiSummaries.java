package dev.bondify.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Groups the operations of the OpenAPI description by what an integrator does with them
 * and gives each a one-line summary, instead of springdoc's controller-class tags.
 */
class OpenApiSummaries implements OpenApiCustomizer {

	/** Tag of the first prefix a path starts with; insertion order is the page order. */
	private static final Map<String, Tag> TAGS = new LinkedHashMap<>();

	/** "METHOD path" → summary. */
	private static final Map<String, String> SUMMARIES = new LinkedHashMap<>();

	static {
		tag("/api/v1/generate", "Sign-in", "Start a sign-in and poll its result (called by apps).");
		tag("/api/v1/verify", "Sign-in", null);
		tag("/api/v1/exchange", "Sign-in", null);
		tag("/api/v1/proof", "Proofs", "Check a proof on the app's server, once.");
		tag("/api/v1/dev/register", "Developer account", "Register, log in, read the account.");
		tag("/api/v1/dev/login", "Developer account", null);
		tag("/api/v1/dev/me", "Developer account", null);
		tag("/api/v1/dev/password", "Developer account", null);
		tag("/api/v1/dev/logout", "Developer account", null);
		tag("/api/v1/dev/projects/{id}/webhook", "Webhooks", "Recent deliveries and a test ping.");
		tag("/api/v1/dev/projects", "Projects", "Create, read, change, rotate and delete projects.");
		tag("/api/v1/dev/sessions", "Sessions", "The sign-in log of the developer's projects.");
		tag("/api/v1/dev/analytics", "Analytics", "Daily counts, unique users and the funnel.");
		tag("/api/v1/telegram", "Telegram", "Where Telegram delivers the bot's updates.");
		tag("/sandbox", "Sandbox", "The page that stands in for the bot for sandbox projects.");
		tag("/dashboard", "Dashboard", "The developer dashboard in the browser.");
		tag("/demo", "Demo", "The built-in demo page.");
		tag("/oidc", "OpenID Connect", "The OpenID Connect provider's sign-in page and the calls it makes.");
		tag("/", "Demo", null);

		summary("POST /api/v1/generate/public", "Start a sign-in from a browser or app (no key)");
		summary("POST /api/v1/generate", "Start a sign-in from the app's server (secret key)");
		summary("POST /api/v1/verify/public",
				"Poll a sign-in: pending, confirmed with a proof, cancelled, expired, used");
		summary("POST /api/v1/verify", "Poll a sign-in from the app's server (secret key)");
		summary("POST /api/v1/exchange/public",
				"Exchange Mini App initData, Login Widget fields or a Telegram id_token for a proof (no key)");
		summary("POST /api/v1/exchange",
				"Exchange Telegram sign-in data for a proof from the app's server (secret key)");
		summary("POST /api/v1/proof/verify", "Check a proof and spend it (replay-protected)");
		summary("POST /api/v1/dev/register", "Create a developer account and get a token");
		summary("POST /api/v1/dev/login", "Log in and get a developer token");
		summary("GET /api/v1/dev/me", "The developer account, with plan and monthly active users");
		summary("GET /api/v1/dev/projects", "List the developer's projects, newest first");
		summary("POST /api/v1/dev/projects", "Create a project; the only response with its full secret key");
		summary("GET /api/v1/dev/projects/{id}", "Read one project");
		summary("PATCH /api/v1/dev/projects/{id}", "Change a project's settings");
		summary("DELETE /api/v1/dev/projects/{id}", "Delete a project and its sessions");
		summary("POST /api/v1/dev/projects/{id}/regenerate", "Rotate the secret key; the old one stops working");
		summary("GET /api/v1/dev/projects/{id}/webhook-deliveries", "Recent webhook delivery attempts");
		summary("POST /api/v1/dev/projects/{id}/webhook-test", "Send a signed ping to the project's webhook");
		summary("GET /api/v1/dev/sessions", "List sign-in sessions, newest first, with a keyset cursor");
		summary("GET /api/v1/dev/analytics", "Totals, daily series and funnel for 1-90 whole UTC days");
		summary("POST /api/v1/telegram/webhook", "Receive a Telegram update (deployment bot)");
		summary("POST /api/v1/telegram/webhook/{botId}", "Receive a Telegram update for a project's own bot");
		summary("GET /sandbox/telegram", "The sandbox prompt for a link code");
		summary("POST /sandbox/telegram/confirm", "Confirm a sandbox sign-in as the test identity");
		summary("POST /sandbox/telegram/cancel", "Cancel a sandbox sign-in");
		summary("GET /oidc/signin", "The OpenID Connect sign-in page (what /oauth2/authorize shows)");
		summary("POST /oidc/wait", "Wait for the user's answer to the sign-in page's session");
		summary("POST /oidc/continue", "Where the sign-in page goes next: a single-use ticket, or back to the app");
		summary("POST /oidc/cancel", "Cancel from the sign-in page and go back to the app with access_denied");
		summary("GET /oidc/device",
				"The device grant's verification_uri: how to confirm a TV's or CLI's sign-in in the bot");
		summary("GET /", "The demo page");
		summary("GET /demo/qr", "The QR code of a deeplink (SVG)");
		summary("POST /demo/verify", "The demo's server side: poll and check the proof");
		summary("GET /dashboard", "The dashboard (sends you to Projects or to log in)");
		summary("GET /dashboard/", "The dashboard (sends you to Projects or to log in)");
		summary("GET /dashboard/login", "Dashboard page: log in");
		summary("GET /dashboard/signup", "Dashboard page: create a developer account");
		summary("GET /dashboard/projects", "Dashboard page: the projects table");
		summary("GET /dashboard/projects/new", "Dashboard page: create a project and see its key once");
		summary("GET /dashboard/projects/{id}", "Dashboard page: a project's settings, key and snippets");
		summary("GET /dashboard/logs", "Dashboard page: the sign-in log");
		summary("GET /dashboard/analytics", "Dashboard page: totals, daily chart and funnel");
		summary("GET /dashboard/webhooks", "Dashboard page: webhook deliveries and a test ping");
		summary("GET /dashboard/api/session", "Who is signed in to the dashboard, and its CSRF token");
		summary("POST /dashboard/api/signup", "Create an account; the token goes into an httpOnly cookie");
		summary("POST /dashboard/api/login", "Log in; the token goes into an httpOnly cookie");
		summary("POST /dashboard/api/logout", "Log out everywhere: revokes every token of the account");
		summary("POST /api/v1/dev/password", "Change the password; every other token stops working");
		summary("POST /api/v1/dev/logout", "Log out everywhere: revokes every token of the account");
		summary("POST /api/v1/dev/password/reset",
				"Mail a password reset link (SMTP only; same answer for any e-mail)");
		summary("POST /api/v1/dev/password/reset/confirm", "Set a new password with a reset link's token");
		summary("GET /dashboard/password", "Dashboard page: change the password");
		summary("POST /dashboard/api/password", "Change the password; the cookie gets the fresh token");
		summary("GET /dashboard/verify-email", "The page an e-mail verification link opens");
		summary("POST /dashboard/verify-email", "Confirm the e-mail address with the link's token");
		summary("GET /dashboard/reset-password", "The page a password reset link opens");
		summary("POST /dashboard/reset-password", "Set the new password with the link's token");
		summary("GET /dashboard/forgot-password", "Ask for a password reset link");
		summary("POST /dashboard/forgot-password", "Mail a password reset link");
	}

	private static void tag(String prefix, String name, String description) {
		TAGS.put(prefix, new Tag().name(name).description(description));
	}

	private static void summary(String operation, String summary) {
		SUMMARIES.put(operation, summary);
	}

	@Override
	public void customise(OpenAPI openApi) {
		if (openApi.getPaths() == null) {
			return;
		}
		Map<String, Tag> used = new LinkedHashMap<>();
		openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			Tag tag = tagFor(path);
			if (tag != null) {
				operation.setTags(List.of(tag.getName()));
				used.putIfAbsent(tag.getName(), tag);
			}
			String summary = SUMMARIES.get(method.name() + " " + path);
			if (summary != null) {
				operation.setSummary(summary);
			}
			else if (operation.getSummary() == null) {
				operation.setSummary(method.name() + " " + path);
			}
		}));
		List<Tag> tags = TAGS.values()
			.stream()
			.filter(tag -> used.containsKey(tag.getName()) && tag.getDescription() != null)
			.toList();
		openApi.setTags(tags.isEmpty() ? null : tags);
	}

	static Tag tagFor(String path) {
		Tag best = null;
		int bestLength = -1;
		for (Map.Entry<String, Tag> entry : TAGS.entrySet()) {
			String prefix = entry.getKey();
			boolean matches = prefix.equals("/") ? path.equals("/") : path.startsWith(prefix);
			if (matches && prefix.length() > bestLength) {
				best = entry.getValue();
				bestLength = prefix.length();
			}
		}
		if (best == null) {
			return null;
		}
		// The description lives on the first tag of a name.
		String name = best.getName();
		return TAGS.values().stream().filter(tag -> tag.getName().equals(name)).findFirst().orElse(best);
	}

}
