package dev.bondify.developer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.bondify.system.ApiException;
import dev.bondify.system.ClientIpResolver;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.IsoTime;
import dev.bondify.system.RateLimiter;
import dev.bondify.system.WebProperties;

/**
 * Changes a signed-in developer's password and signs the account out everywhere: every
 * token issued before the change stops working, and the caller gets a fresh one.
 */
@Service
class PasswordService {

	private static final String WRONG_CURRENT = "current_password is wrong.";

	private final DeveloperRepository developers;

	private final DeveloperPasswords passwordStore;

	private final DeveloperTokens tokens;

	private final PasswordEncoder passwords;

	private final PasswordPolicy policy;

	private final RateLimiter rateLimiter;

	private final Clock clock;

	private final int perMinute;

	PasswordService(DeveloperRepository developers, DeveloperPasswords passwordStore, DeveloperTokens tokens,
			PasswordEncoder passwords, PasswordPolicy policy, RateLimiter rateLimiter, Clock clock, WebProperties web) {
		this.developers = developers;
		this.passwordStore = passwordStore;
		this.tokens = tokens;
		this.passwords = passwords;
		this.policy = policy;
		this.rateLimiter = rateLimiter;
		this.clock = clock;
		this.perMinute = web.rateLimit().loginPerMinute();
	}

	/**
	 * Checks the current password (rate limited like a login, per account and per client
	 * IP, since a stolen token must not become an oracle for the password), then swaps
	 * the hash and bumps the token version in one conditional statement.
	 */
	TokenResponse change(String developerId, String currentPassword, String newPassword, String clientIp) {
		this.rateLimiter.acquire("password-change:" + developerId, this.perMinute);
		this.rateLimiter.acquire("password-change-ip:" + ClientIpResolver.bucketOf(clientIp), this.perMinute);
		this.policy.check(newPassword);
		Developer developer = this.developers.findById(developerId)
			.orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED));
		boolean tooLong = currentPassword.getBytes(StandardCharsets.UTF_8).length > PasswordPolicy.MAX_BYTES;
		if (tooLong || !this.passwords.matches(currentPassword, developer.getPasswordHash())) {
			throw new ApiException(ErrorCode.UNAUTHORIZED, WRONG_CURRENT);
		}
		String newHash = this.passwords.encode(newPassword);
		int version = this.passwordStore
			.replace(developerId, developer.getPasswordHash(), newHash, this.clock.instant())
			// Another change won the race: the password checked above is no longer it.
			.orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED, WRONG_CURRENT));
		return issue(developerId, version);
	}

	/**
	 * Sets a new password for a developer who proved control of the address by a reset
	 * link: every older token stops working, the address counts as verified.
	 */
	TokenResponse resetTo(String developerId, String newPasswordHash) {
		int version = this.passwordStore.overwrite(developerId, newPasswordHash, true, this.clock.instant())
			.orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED));
		return issue(developerId, version);
	}

	/** Revokes every token of the account at once. */
	@Transactional
	void logout(String developerId) {
		this.developers.bumpTokenVersion(developerId);
	}

	private TokenResponse issue(String developerId, int version) {
		DeveloperTokens.Issued issued = this.tokens.issue(developerId, version);
		return new TokenResponse(issued.token(), IsoTime.format(issued.expiresAt()));
	}

	/** {@code {"token","expires_at"}}. */
	record TokenResponse(String token, String expiresAt) {
	}

}
