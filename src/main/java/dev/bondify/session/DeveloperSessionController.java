package dev.bondify.session;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/dev/sessions}: the calling developer's sessions across their
 * projects.
 */
@RestController
class DeveloperSessionController {

	private final SessionListService sessions;

	DeveloperSessionController(SessionListService sessions) {
		this.sessions = sessions;
	}

	@GetMapping("/api/v1/dev/sessions")
	SessionListService.SessionPage list(Authentication developer,
			@RequestParam(name = "project_id", required = false) String projectId,
			@RequestParam(required = false) String status, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		return this.sessions.list(developer.getName(), emptyToNull(projectId), status, limit, cursor);
	}

	private static String emptyToNull(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

}
