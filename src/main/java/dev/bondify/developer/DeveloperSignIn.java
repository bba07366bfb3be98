package dev.bondify.developer;

import java.time.Duration;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.bondify.developer.DeveloperService.AuthResponse;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * Signing developers in and out for callers that keep the developer token themselves (the
 * dashboard's httpOnly cookie): the same registration, login, rate limits and token
 * checks as the developer API, plus sign-out, which revokes every token of the account.
 */
@Component
public class DeveloperSignIn {

	private final DeveloperService service;

	private final DeveloperTokens tokens;

	private final DeveloperRepository developers;

	private final AuthProperties properties;

	private final PasswordService passwords;

	private final AccountMailService mail;

	DeveloperSignIn(DeveloperService service, DeveloperTokens tokens, DeveloperRepository developers,
			AuthProperties properties, PasswordService passwords, AccountMailService mail) {
		this.passwords = passwords;
		this.mail = mail;
		this.service = service;
		this.tokens = tokens;
		this.developers = developers;
		this.properties = properties;
	}

	/** The developer as the API's {@code developer} object shows it. */
	public record Account(String id, String email, String createdAt) {
	}

	/** A fresh token, when it expires (ISO-8601) and whose it is. */
	public record SignedIn(String token, String expiresAt, Account developer) {
	}

	public boolean registrationOpen() {
		return this.properties.registrationOpen();
	}

	/** Whether "forgot your password?" can send a reset link (SMTP is configured). */
	public boolean passwordResetByMail() {
		return this.mail.enabled();
	}

	/**
	 * Changes the password of the token's account: every older token stops working, and
	 * the fresh one comes back.
	 * @throws ApiException 401 for a bad token or a wrong current password, 400 for a
	 * weak new one, 429 when guessed too often
	 */
	public Renewed changePassword(String token, String currentPassword, String newPassword, String clientIp) {
		String developerId = authenticate(token).orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED));
		PasswordService.TokenResponse renewed = this.passwords.change(developerId, currentPassword, newPassword,
				clientIp);
		return new Renewed(renewed.token(), renewed.expiresAt());
	}

	/** A fresh token after a password change, and when it expires. */
	public record Renewed(String token, String expiresAt) {
	}

	/** How long a token issued now stays valid. */
	public Duration tokenTtl() {
		return this.properties.tokenTtl();
	}

	public SignedIn register(String email, String password, String clientIp) {
		return signedIn(this.service.register(email, password, clientIp));
	}

	public SignedIn login(String email, String password, String clientIp) {
		return signedIn(this.service.login(email, password, clientIp));
	}

	/**
	 * The developer id of a valid, unexpired token whose version is still current; the
	 * same check the developer API's token filter makes.
	 */
	public Optional<String> authenticate(String token) {
		return this.tokens.verify(token)
			.filter((verified) -> verified.isCurrent(this.developers))
			.map(DeveloperTokens.Verified::developerId);
	}

	public Account account(String developerId) {
		DeveloperService.DeveloperView view = this.service.me(developerId);
		return new Account(view.id(), view.email(), view.createdAt());
	}

	/**
	 * Bumps the token version: this token and every other one issued before stop working.
	 */
	@Transactional
	public void signOut(String developerId) {
		this.developers.bumpTokenVersion(developerId);
	}

	private static SignedIn signedIn(AuthResponse response) {
		DeveloperService.DeveloperView view = response.developer();
		return new SignedIn(response.token(), response.expiresAt(),
				new Account(view.id(), view.email(), view.createdAt()));
	}

}
