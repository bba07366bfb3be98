package dev.bondify.analytics;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/dev/analytics?days=1…90&project_id=}.
 */
@RestController
class AnalyticsController {

	private final AnalyticsService analytics;

	AnalyticsController(AnalyticsService analytics) {
		this.analytics = analytics;
	}

	@GetMapping("/api/v1/dev/analytics")
	AnalyticsReport analytics(Authentication developer, @RequestParam(required = false) Integer days,
			@RequestParam(name = "project_id", required = false) String projectId) {
		return this.analytics.report(developer.getName(), days,
				(projectId == null || projectId.isEmpty()) ? null : projectId);
	}

}
