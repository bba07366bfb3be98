package dev.bondify.project;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;

import dev.bondify.system.RandomTokens;
import dev.bondify.system.SealedText;

/**
 * A project (an app using Bondify sign-in) with its settings and current secret key.
 */
@Entity
@Table(name = "projects")
@EntityListeners(ProjectChangeListener.class)
// Only changed columns are written, so a PATCH that loaded the row before a concurrent
// key rotation committed cannot
// write the old key back.
@DynamicUpdate
public class Project {

	public static final String ID_PREFIX = "proj_";

	/**
	 * Proofs signed with the project's secret key (the default, what the SDKs verify).
	 */
	public static final String PROOF_ALG_HS256 = "HS256";

	/** Proofs signed with the provider's EC P-256 keys, verifiable through the JWKS. */
	public static final String PROOF_ALG_ES256 = "ES256";

	@Id
	private String id;

	@Column(name = "developer_id")
	private String developerId;

	private String name;

	@Column(name = "secret_key")
	@Convert(converter = SealedText.class)
	private String secretKey;

	@Column(name = "secret_key_hash")
	private byte[] secretKeyHash;

	@Column(name = "webhook_url")
	private String webhookUrl;

	@Column(name = "is_active")
	private boolean active;

	@Column(name = "public_access")
	private boolean publicAccess;

	@Column(name = "req_phone")
	private boolean reqPhone;

	private boolean sandbox;

	@Column(name = "allowed_origins", columnDefinition = "text[]")
	private String[] allowedOrigins;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "redirect_uris", columnDefinition = "text[]")
	private String[] redirectUris;

	@Column(name = "oidc_public")
	private boolean oidcPublic;

	@Column(name = "bot_id")
	private Long botId;

	@Column(name = "bot_username")
	private String botUsername;

	@Column(name = "bot_token_sealed")
	private byte[] botTokenSealed;

	@Column(name = "bot_status")
	private String botStatus;

	@Column(name = "proof_alg")
	private String proofAlg = PROOF_ALG_HS256;

	protected Project() {
	}

	/**
	 * A new project with a fresh id and secret key ({@code sk_test_} for sandbox
	 * projects, {@code sk_live_} otherwise).
	 */
	public Project(String developerId, String name, boolean sandbox, Instant createdAt) {
		this.id = RandomTokens.lowerAlphanumeric(ID_PREFIX, 16);
		this.developerId = developerId;
		this.name = name;
		this.sandbox = sandbox;
		this.active = true;
		this.publicAccess = true;
		this.allowedOrigins = new String[0];
		this.redirectUris = new String[0];
		this.createdAt = createdAt;
		rotateSecretKey();
	}

	/**
	 * Replaces the secret key; the old one stops working as soon as this is committed.
	 */
	public final void rotateSecretKey() {
		this.secretKey = newSecretKey(this.sandbox);
		this.secretKeyHash = RandomTokens.sha256(this.secretKey);
	}

	/** A fresh random secret key for a sandbox or a live project. */
	static String newSecretKey(boolean sandbox) {
		return RandomTokens.base64Url256(sandbox ? "sk_test_" : "sk_live_");
	}

	/**
	 * SHA-256 of the current secret key: what a credential check compares (in constant
	 * time) with the hash of a presented key; the key has 256 random bits, so a fast hash
	 * is enough.
	 */
	public byte[] getSecretKeyHash() {
		return this.secretKeyHash;
	}

	public String getId() {
		return this.id;
	}

	public String getDeveloperId() {
		return this.developerId;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getSecretKey() {
		return this.secretKey;
	}

	/**
	 * The key as shown outside create and regenerate: the first 12 characters, then a
	 * mask.
	 */
	public String getMaskedSecretKey() {
		return this.secretKey.substring(0, Math.min(12, this.secretKey.length())) + "••••••••";
	}

	public String getWebhookUrl() {
		return this.webhookUrl;
	}

	public void setWebhookUrl(String webhookUrl) {
		this.webhookUrl = (webhookUrl == null || webhookUrl.isBlank()) ? null : webhookUrl;
	}

	public boolean isActive() {
		return this.active;
	}

	public void setActive(boolean active) {
		this.active = active;
	}

	public boolean isPublicAccess() {
		return this.publicAccess;
	}

	public void setPublicAccess(boolean publicAccess) {
		this.publicAccess = publicAccess;
	}

	public boolean isReqPhone() {
		return this.reqPhone;
	}

	public void setReqPhone(boolean reqPhone) {
		this.reqPhone = reqPhone;
	}

	public boolean isSandbox() {
		return this.sandbox;
	}

	public List<String> getAllowedOrigins() {
		return (this.allowedOrigins != null) ? List.of(this.allowedOrigins) : List.of();
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = (allowedOrigins != null) ? allowedOrigins.toArray(String[]::new) : new String[0];
	}

	/**
	 * Where the OpenID Connect provider may send this project's users back (exact URLs).
	 */
	public List<String> getRedirectUris() {
		return (this.redirectUris != null) ? List.of(this.redirectUris) : List.of();
	}

	void setRedirectUris(List<String> redirectUris) {
		this.redirectUris = (redirectUris != null) ? redirectUris.toArray(String[]::new) : new String[0];
	}

	/**
	 * Whether this project is a public OpenID Connect client (PKCE alone, never its
	 * secret key).
	 */
	public boolean isOidcPublic() {
		return this.oidcPublic;
	}

	void setOidcPublic(boolean oidcPublic) {
		this.oidcPublic = oidcPublic;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	/** The project's own bot's numeric id, or null when it uses the deployment's bot. */
	public Long getBotId() {
		return this.botId;
	}

	/** The project's own bot's username, or null. */
	public String getBotUsername() {
		return this.botUsername;
	}

	/**
	 * {@code ok}, {@code revoked} or {@code webhook_failing} for an own bot; null without
	 * one.
	 */
	public String getBotStatus() {
		return this.botStatus;
	}

	/** Whether this project signs in through its own bot. */
	public boolean hasOwnBot() {
		return this.botId != null;
	}

	/**
	 * Sets (a checked bot with its encrypted token) or removes (all null) the project's
	 * own bot.
	 */
	void setOwnBot(Long botId, String botUsername, byte[] botTokenSealed) {
		this.botId = botId;
		this.botUsername = botUsername;
		this.botTokenSealed = botTokenSealed;
		this.botStatus = (botId != null) ? OwnBot.STATUS_OK : null;
	}

	byte[] getBotTokenSealed() {
		return this.botTokenSealed;
	}

	/** {@link #PROOF_ALG_HS256} or {@link #PROOF_ALG_ES256}. */
	public String getProofAlg() {
		return this.proofAlg;
	}

	public void setProofAlg(String proofAlg) {
		this.proofAlg = proofAlg;
	}

	@Override
	public String toString() {
		return "Project[" + this.id + "]";
	}

}
