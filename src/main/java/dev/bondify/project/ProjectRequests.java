package dev.bondify.project;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;

/**
 * Request bodies of the project endpoints.
 */
final class ProjectRequests {

	private ProjectRequests() {
	}

	/**
	 * {@code POST /api/v1/dev/projects}: only {@code name} is required; {@code bot_token}
	 * is read so that it can be refused, not dropped.
	 */
	record Create(@NotNull String name, String webhookUrl, Boolean publicAccess, Boolean reqPhone, Boolean sandbox,
			List<String> allowedOrigins, String botToken, String proofAlg, List<String> redirectUris,
			Boolean oidcPublic) {
	}

	/**
	 * {@code PATCH /api/v1/dev/projects/:id}. A class with setters rather than a record
	 * because PATCH must tell an absent field (leave it) from an explicit {@code null}
	 * (clear {@code webhook_url}, reject elsewhere); Jackson calls a setter only for
	 * fields present in the body.
	 */
	static final class Patch {

		private final Set<String> present = new HashSet<>();

		private String name;

		private String webhookUrl;

		private Boolean publicAccess;

		private Boolean reqPhone;

		private Boolean sandbox;

		private List<String> allowedOrigins;

		private Boolean isActive;

		private Boolean active;

		private String botToken;

		private String proofAlg;

		private List<String> redirectUris;

		private Boolean oidcPublic;

		boolean has(String field) {
			return this.present.contains(field);
		}

		@JsonProperty("name")
		void setName(String name) {
			this.name = name;
			this.present.add("name");
		}

		@JsonProperty("webhook_url")
		void setWebhookUrl(String webhookUrl) {
			this.webhookUrl = webhookUrl;
			this.present.add("webhook_url");
		}

		@JsonProperty("public_access")
		void setPublicAccess(Boolean publicAccess) {
			this.publicAccess = publicAccess;
			this.present.add("public_access");
		}

		@JsonProperty("req_phone")
		void setReqPhone(Boolean reqPhone) {
			this.reqPhone = reqPhone;
			this.present.add("req_phone");
		}

		@JsonProperty("sandbox")
		void setSandbox(Boolean sandbox) {
			this.sandbox = sandbox;
			this.present.add("sandbox");
		}

		@JsonProperty("allowed_origins")
		void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
			this.present.add("allowed_origins");
		}

		@JsonProperty("is_active")
		void setIsActive(Boolean isActive) {
			this.isActive = isActive;
			this.present.add("is_active");
		}

		/** The official SDKs' name for {@code is_active}. */
		@JsonProperty("active")
		void setActive(Boolean active) {
			this.active = active;
			this.present.add("active");
		}

		@JsonProperty("bot_token")
		void setBotToken(String botToken) {
			this.botToken = botToken;
			this.present.add("bot_token");
		}

		@JsonProperty("proof_alg")
		void setProofAlg(String proofAlg) {
			this.proofAlg = proofAlg;
			this.present.add("proof_alg");
		}

		@JsonProperty("redirect_uris")
		void setRedirectUris(List<String> redirectUris) {
			this.redirectUris = redirectUris;
			this.present.add("redirect_uris");
		}

		@JsonProperty("oidc_public")
		void setOidcPublic(Boolean oidcPublic) {
			this.oidcPublic = oidcPublic;
			this.present.add("oidc_public");
		}

		List<String> redirectUris() {
			return this.redirectUris;
		}

		Boolean oidcPublic() {
			return this.oidcPublic;
		}

		String name() {
			return this.name;
		}

		String webhookUrl() {
			return this.webhookUrl;
		}

		Boolean publicAccess() {
			return this.publicAccess;
		}

		Boolean reqPhone() {
			return this.reqPhone;
		}

		Boolean sandbox() {
			return this.sandbox;
		}

		List<String> allowedOrigins() {
			return this.allowedOrigins;
		}

		Boolean isActive() {
			return this.isActive;
		}

		Boolean active() {
			return this.active;
		}

		String botToken() {
			return this.botToken;
		}

		String proofAlg() {
			return this.proofAlg;
		}

	}

}
