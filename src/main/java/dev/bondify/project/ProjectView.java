package dev.bondify.project;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.bondify.system.IsoTime;

/**
 * The project object of the developer API, with the secret key masked unless the response
 * is create or regenerate. {@code project_id}, {@code active}, {@code secret_preview} and
 * {@code bot_username} repeat fields under the names the official SDKs' types declare;
 * {@code ok} is only written in the PATCH response.
 */
record ProjectView(String id, String name, String secretKey, String webhookUrl,
		@JsonProperty("is_active") boolean isActive, boolean publicAccess, boolean reqPhone, boolean sandbox,
		List<String> allowedOrigins, String createdAt, long sessionsCount, long confirmedCount, String projectId,
		@JsonProperty("active") boolean active, String secretPreview, String botUsername, String botStatus,
		List<String> redirectUris, boolean oidcPublic, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean ok,
		String proofAlg) {

	static ProjectView of(Project project, boolean fullKey, long sessionsCount, long confirmedCount) {
		String masked = project.getMaskedSecretKey();
		return new ProjectView(project.getId(), project.getName(), fullKey ? project.getSecretKey() : masked,
				(project.getWebhookUrl() != null) ? project.getWebhookUrl() : "", project.isActive(),
				project.isPublicAccess(), project.isReqPhone(), project.isSandbox(), project.getAllowedOrigins(),
				IsoTime.format(project.getCreatedAt()), sessionsCount, confirmedCount, project.getId(),
				project.isActive(), masked, project.getBotUsername(), project.getBotStatus(), project.getRedirectUris(),
				project.isOidcPublic(), null, project.getProofAlg());
	}

	/** The PATCH response: the updated project plus {@code "ok": true}. */
	ProjectView updated() {
		return new ProjectView(this.id, this.name, this.secretKey, this.webhookUrl, this.isActive, this.publicAccess,
				this.reqPhone, this.sandbox, this.allowedOrigins, this.createdAt, this.sessionsCount,
				this.confirmedCount, this.projectId, this.active, this.secretPreview, this.botUsername, this.botStatus,
				this.redirectUris, this.oidcPublic, true, this.proofAlg);
	}

}
