package dev.bondify.project;

import java.util.List;

import dev.bondify.system.IsoTime;

/**
 * The project object of the developer API, with the secret key masked unless the response
 * is create or regenerate.
 */
record ProjectView(String id, String name, String secretKey, String webhookUrl, boolean isActive, boolean publicAccess,
		boolean reqPhone, boolean sandbox, List<String> allowedOrigins, String createdAt, long sessionsCount,
		long confirmedCount) {

	static ProjectView of(Project project, boolean fullKey, long sessionsCount, long confirmedCount) {
		return new ProjectView(project.getId(), project.getName(),
				fullKey ? project.getSecretKey() : project.getMaskedSecretKey(),
				(project.getWebhookUrl() != null) ? project.getWebhookUrl() : "", project.isActive(),
				project.isPublicAccess(), project.isReqPhone(), project.isSandbox(), project.getAllowedOrigins(),
				IsoTime.format(project.getCreatedAt()), sessionsCount, confirmedCount);
	}

}
