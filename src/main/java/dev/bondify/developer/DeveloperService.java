package dev.bondify.developer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.IsoTime;
import dev.bondify.system.RandomTokens;
import dev.bondify.system.ClientIpResolver;
import dev.bondify.system.RateLimiter;
import dev.bondify.system.WebProperties;

/**
 * Registers developers, checks their passwords at login and issues their tokens.
 */
@Service
class DeveloperService {

	static final String ID_PREFIX = "dev_";

	private static final Pattern EMAIL = Pattern.compile(
			"[^@\\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");

	private static final String WRONG_PAIR = "Wrong email or password.";

	private final DeveloperRepository developers;

	private final DeveloperTokens tokens;

	private final PasswordEncoder passwords;

	private final RateLimiter rateLimiter;

	private final Clock clock;

	private final AuthProperties properties;

	private final int loginPerMinute;

	private final int loginPerIpPerMinute;

	/**
	 * Compared against when the e-mail is unknown, so both failures cost one bcrypt
	 * check.
	 */
	private final String dummyHash;

	private final TransactionTemplate transactions;

	private final PasswordPolicy policy;

	private final AccountMailService accountMail;

	DeveloperService(DeveloperRepository developers, DeveloperTokens tokens, PasswordEncoder passwords,
			RateLimiter rateLimiter, Clock clock, AuthProperties properties, WebProperties web,
			PlatformTransactionManager transactionManager, PasswordPolicy policy, AccountMailService accountMail) {
		this.policy = policy;
		this.accountMail = accountMail;
		this.transactions = new TransactionTemplate(transactionManager);
		this.developers = developers;
		this.tokens = tokens;
		this.passwords = passwords;
		this.rateLimiter = rateLimiter;
		this.clock = clock;
		this.properties = properties;
		this.loginPerMinute = web.rateLimit().loginPerMinute();
		this.loginPerIpPerMinute = web.rateLimit().loginPerIpPerMinute();
		this.dummyHash = passwords.encode(RandomTokens.base64Url256("dummy-"));
	}

	/**
	 * Creates an account. The slow bcrypt hash is computed before the insert's
	 * transaction, so a flood of registrations cannot hold the pool's connections;
	 * registrations are rate limited per client IP like logins.
	 */
	AuthResponse register(String email, String password, String clientIp) {
		if (!this.properties.registrationOpen()) {
			throw new ApiException(ErrorCode.NOT_FOUND, "Registration is closed on this server.");
		}
		this.rateLimiter.acquire("register-ip:" + ClientIpResolver.bucketOf(clientIp), this.loginPerMinute);
		String normalized = validEmail(email);
		this.policy.check(password);
		String id = RandomTokens.lowerAlphanumeric(ID_PREFIX, 24);
		String passwordHash = this.passwords.encode(password);
		AuthResponse response = this.transactions.execute(tx -> {
			int inserted = this.developers.insertIfEmailFree(id, normalized, passwordHash, this.clock.instant());
			if (inserted == 0) {
				throw new ApiException(ErrorCode.EMAIL_TAKEN);
			}
			return authenticated(this.developers.findById(id).orElseThrow());
		});
		this.accountMail.sendVerification(id, normalized);
		return response;
	}

	/**
	 * Looks the developer up in its own short read, then compares the password without
	 * holding a connection.
	 */
	AuthResponse login(String email, String password, String clientIp) {
		String normalized = normalizeEmail(email);
		// Per (e-mail, IP) and per IP, never per e-mail alone: a stranger's wrong
		// passwords spend only the stranger's budget, so nobody can lock an owner out.
		this.rateLimiter.acquire("login-ip:" + ClientIpResolver.bucketOf(clientIp), this.loginPerIpPerMinute);
		this.rateLimiter.acquire("login-email-ip:" + ClientIpResolver.bucketOf(clientIp) + " " + normalized,
				this.loginPerMinute);
		Developer developer = this.developers.findByEmail(normalized).orElse(null);
		boolean tooLong = password.getBytes(StandardCharsets.UTF_8).length > PasswordPolicy.MAX_BYTES;
		String candidate = tooLong ? "" : password;
		boolean matches = this.passwords.matches(candidate,
				(developer != null) ? developer.getPasswordHash() : this.dummyHash);
		if (developer == null || tooLong || !matches) {
			throw new ApiException(ErrorCode.UNAUTHORIZED, WRONG_PAIR);
		}
		return authenticated(developer);
	}

	@Transactional(readOnly = true)
	DeveloperView me(String developerId) {
		return this.developers.findById(developerId)
			.map(DeveloperService::view)
			.orElseThrow(() -> new ApiException(ErrorCode.UNAUTHORIZED));
	}

	private AuthResponse authenticated(Developer developer) {
		DeveloperTokens.Issued issued = this.tokens.issue(developer.getId(), developer.getTokenVersion());
		return new AuthResponse(issued.token(), IsoTime.format(issued.expiresAt()), view(developer));
	}

	private static DeveloperView view(Developer developer) {
		return new DeveloperView(developer.getId(), developer.getEmail(), IsoTime.format(developer.getCreatedAt()));
	}

	static String normalizeEmail(String email) {
		return email.trim().toLowerCase(Locale.ROOT);
	}

	/**
	 * The normalised address, or 400 when it is not one.
	 */
	static String validEmail(String email) {
		String normalized = normalizeEmail(email);
		if (normalized.length() > 254 || !EMAIL.matcher(normalized).matches()) {
			throw new ApiException(ErrorCode.INVALID_REQUEST, "email must be a valid e-mail address.");
		}
		return normalized;
	}

	/** {@code {"id","email","created_at"}}. */
	record DeveloperView(String id, String email, String createdAt) {
	}

	/** {@code {"token","expires_at","developer":{…}}}. */
	record AuthResponse(String token, String expiresAt, DeveloperView developer) {
	}

}
