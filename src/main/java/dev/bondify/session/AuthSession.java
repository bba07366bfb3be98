package dev.bondify.session;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.bondify.system.SealedText;

/**
 * One sign-in attempt. State changes happen only through the conditional updates of
 * {@link AuthSessionRepository}.
 */
@Entity
@Table(name = "auth_sessions")
class AuthSession {

	@Id
	private UUID id;

	@Column(name = "token_hash")
	private byte[] tokenHash;

	@Column(name = "token_preview")
	private String tokenPreview;

	/** SHA-256 of the link code the deeplink carries; null for sessions made before. */
	@Column(name = "link_code_hash")
	private byte[] linkCodeHash;

	/** The session token sealed with the link code ({@link LinkCodes#seal}). */
	@Column(name = "token_sealed")
	private byte[] tokenSealed;

	@Column(name = "project_id")
	private String projectId;

	private String status;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "expires_at")
	private Instant expiresAt;

	@Column(name = "confirmed_at")
	private Instant confirmedAt;

	@Column(name = "cancelled_at")
	private Instant cancelledAt;

	@Column(name = "used_at")
	private Instant usedAt;

	@Column(name = "telegram_id")
	private String telegramId;

	@Column(name = "telegram_name")
	private String telegramName;

	@Column(name = "telegram_username")
	private String telegramUsername;

	@Column(name = "telegram_phone")
	@Convert(converter = SealedText.class)
	private String telegramPhone;

	@Column(name = "bound_telegram_id")
	private Long boundTelegramId;

	private String origin;

	@Column(name = "client_ip")
	private String clientIp;

	@Column(name = "user_agent")
	private String userAgent;

	/**
	 * The link code sealed by the bot while it waits for the user's contact (req_phone
	 * projects).
	 */
	@Column(name = "bot_resume_token")
	private byte[] botResumeToken;

	/**
	 * Whether this session asks for the contact by itself (the OpenID Connect
	 * {@code phone} scope), as its project's req_phone does for all.
	 */
	@Column(name = "request_phone")
	private boolean requestPhone;

	protected AuthSession() {
	}

	boolean isRequestPhone() {
		return this.requestPhone;
	}

	/** The status a client sees at {@code now} ({@link SessionExpiry}'s rule). */
	SessionStatus effectiveStatus(Instant now, Duration proofTtl) {
		return SessionExpiry.status(this.status, this.expiresAt, this.confirmedAt, now, now.minus(proofTtl));
	}

	SessionSnapshot snapshot(Instant now, Duration proofTtl) {
		return new SessionSnapshot(this.id, this.projectId, effectiveStatus(now, proofTtl), this.createdAt,
				this.expiresAt, this.confirmedAt, this.cancelledAt, this.boundTelegramId, this.origin, this.clientIp,
				this.userAgent, this.telegramId, this.telegramName, this.telegramUsername, this.telegramPhone);
	}

	UUID getId() {
		return this.id;
	}

	String getProjectId() {
		return this.projectId;
	}

	Instant getExpiresAt() {
		return this.expiresAt;
	}

	Instant getConfirmedAt() {
		return this.confirmedAt;
	}

	Instant getCancelledAt() {
		return this.cancelledAt;
	}

	String getTelegramId() {
		return this.telegramId;
	}

	String getTelegramName() {
		return this.telegramName;
	}

	String getTelegramUsername() {
		return this.telegramUsername;
	}

	String getTelegramPhone() {
		return this.telegramPhone;
	}

	byte[] getTokenHash() {
		return this.tokenHash;
	}

	byte[] getTokenSealed() {
		return this.tokenSealed;
	}

	byte[] getBotResumeToken() {
		return this.botResumeToken;
	}

}
