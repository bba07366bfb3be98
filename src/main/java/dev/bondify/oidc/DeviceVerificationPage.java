package dev.bondify.oidc;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.bondify.project.Project;
import dev.bondify.project.ProjectCache;
import dev.bondify.session.SessionService;

/**
 * The {@code verification_uri} of a device authorization: there is nothing to log in to
 * here; the page tells the user to send the code their device shows to the bot, with a
 * link to that bot's chat (the project's own bot, or the deployment's). Sandbox projects
 * have no bot: their users open {@code verification_uri_complete}.
 */
@Controller
class DeviceVerificationPage {

	private final ProjectCache projects;

	private final SessionService sessions;

	DeviceVerificationPage(ProjectCache projects, SessionService sessions) {
		this.projects = projects;
		this.sessions = sessions;
	}

	@GetMapping(DeviceAuthorizations.VERIFICATION_PAGE)
	String page(@RequestParam(name = "client_id", required = false) String clientId, HttpServletResponse response,
			Model model) {
		Project project = (clientId != null && clientId.length() <= 64)
				? this.projects.find(clientId).filter(Project::isActive).orElse(null) : null;
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		model.addAttribute("projectName", (project != null) ? project.getName() : null);
		model.addAttribute("sandbox", project != null && project.isSandbox());
		model.addAttribute("botLink",
				(project != null && !project.isSandbox()) ? this.sessions.botChatLink(project).orElse(null) : null);
		return "oidc/device";
	}

}
