package dev.bondify.developer;

import java.time.Clock;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bondify.developer.PasswordService.TokenResponse;
import dev.bondify.project.LiveProjectGate;
import dev.bondify.system.ApiException;
import dev.bondify.system.ClientIpResolver;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.RateLimiter;
import dev.bondify.system.WebProperties;

/**
 * E-mail ownership and password reset, when SMTP is configured: a verification link at
 * sign-up, reset links on request, and the rule that an unverified address may use
 * sandbox projects but not create live ones. Without SMTP every route of it is 404 and
 * every account may create live projects.
 */
@Service
class AccountMailService implements LiveProjectGate {

	static final String VERIFY_PAGE = "/dashboard/verify-email";

	static final String RESET_PAGE = "/dashboard/reset-password";

	private static final String LINK_INVALID = "This reset link is wrong, already used or expired; "
			+ "ask for a new one.";

	private final AccountMail mail;

	private final MailLinks links;

	private final DeveloperRepository developers;

	private final DeveloperPasswords passwordStore;

	private final PasswordService passwordService;

	private final PasswordPolicy policy;

	private final PasswordEncoder passwords;

	private final RateLimiter rateLimiter;

	private final Clock clock;

	private final TransactionTemplate transactions;

	private final int perIpPerMinute;

	AccountMailService(AccountMail mail, MailLinks links, DeveloperRepository developers,
			DeveloperPasswords passwordStore, PasswordService passwordService, PasswordPolicy policy,
			PasswordEncoder passwords, RateLimiter rateLimiter, Clock clock, WebProperties web,
			PlatformTransactionManager transactionManager) {
		this.mail = mail;
		this.links = links;
		this.developers = developers;
		this.passwordStore = passwordStore;
		this.passwordService = passwordService;
		this.policy = policy;
		this.passwords = passwords;
		this.rateLimiter = rateLimiter;
		this.clock = clock;
		this.perIpPerMinute = web.rateLimit().loginPerIpPerMinute();
		this.transactions = new TransactionTemplate(transactionManager);
	}

	boolean enabled() {
		return this.mail.enabled();
	}

	/** After a sign-up commits: the verification link, when e-mail is on. */
	void sendVerification(String developerId, String email) {
		if (!enabled()) {
			return;
		}
		this.mail.inBackground("verification",
				() -> this.links.issue(developerId, MailTokenPurpose.VERIFY, this.clock.instant())
					.ifPresent((token) -> this.mail.send(email, "Confirm your e-mail address for Bondify", """
							Someone (hopefully you) created a Bondify developer account with this address.

							Confirm that the address is yours (the link works once, for 48 hours):
							%s

							Until then the account can use sandbox projects but cannot create live ones.
							If it was not you, ignore this mail.
							""".formatted(this.mail.link(VERIFY_PAGE + "?token=" + token)))));
	}

	/**
	 * Always answers the same way, at the same speed: the account is looked up, the link
	 * issued and the mail sent in the background (at most one reset mail per account per
	 * minute).
	 */
	void requestReset(String email, String clientIp) {
		requireEnabled();
		this.rateLimiter.acquire("reset-ip:" + ClientIpResolver.bucketOf(clientIp), this.perIpPerMinute);
		String normalized = DeveloperService.validEmail(email);
		this.mail.inBackground("password reset",
				() -> this.developers.findByEmail(normalized)
					.ifPresent((developer) -> this.links
						.issue(developer.getId(), MailTokenPurpose.RESET, this.clock.instant())
						.ifPresent((token) -> this.mail.send(developer.getEmail(), "Reset your Bondify password", """
								Someone (hopefully you) asked to reset the password of the Bondify developer account
								with this address.

								Choose a new password here (the link works once, for 30 minutes):
								%s

								If it was not you, ignore this mail: your password stays as it is.
								""".formatted(this.mail.link(RESET_PAGE + "?token=" + token))))));
	}

	/**
	 * Sets the new password if the link is valid: one conditional update uses the link,
	 * and in the same transaction the password is replaced, every older token revoked and
	 * the address counted as verified.
	 */
	TokenResponse confirmReset(String token, String newPassword, String clientIp) {
		requireEnabled();
		this.rateLimiter.acquire("reset-ip:" + ClientIpResolver.bucketOf(clientIp), this.perIpPerMinute);
		// Checked before the link is used: a weak choice must not burn the link.
		this.policy.check(newPassword);
		String hash = this.passwords.encode(newPassword);
		return this.transactions.execute((tx) -> {
			String developerId = this.links.use(token, MailTokenPurpose.RESET, this.clock.instant())
				.orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED, LINK_INVALID));
			return this.passwordService.resetTo(developerId, hash);
		});
	}

	/** Whether a reset link can still be used (the page shows its form only then). */
	boolean resetLinkUsable(String token) {
		requireEnabled();
		return this.links.isUsable(token, MailTokenPurpose.RESET, this.clock.instant());
	}

	/** Whether a verification link can still be used. */
	boolean verifyLinkUsable(String token) {
		requireEnabled();
		return this.links.isUsable(token, MailTokenPurpose.VERIFY, this.clock.instant());
	}

	/**
	 * Uses a verification link.
	 * @return false for a wrong, used or expired link
	 */
	boolean verify(String token) {
		requireEnabled();
		return Boolean.TRUE.equals(this.transactions
			.execute((tx) -> this.links.use(token, MailTokenPurpose.VERIFY, this.clock.instant()).map((developerId) -> {
				this.passwordStore.markVerified(developerId, this.clock.instant());
				return true;
			}).orElse(false)));
	}

	@Override
	public void checkMayCreateLive(String developerId) {
		if (enabled() && this.developers.findById(developerId)
			.map((developer) -> developer.getEmailVerifiedAt() == null)
			.orElse(false)) {
			throw new ApiException(ErrorCode.FORBIDDEN,
					"Confirm your e-mail address before creating a live project: open the link in the mail sent at "
							+ "sign-up (a password reset by e-mail confirms it too). Sandbox projects work meanwhile.");
		}
	}

	void requireEnabled() {
		if (!enabled()) {
			throw new ApiException(ErrorCode.NOT_FOUND,
					"E-mail is not configured on this server; ask its operator to reset your password.");
		}
	}

}
