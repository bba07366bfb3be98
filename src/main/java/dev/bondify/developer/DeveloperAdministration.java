package dev.bondify.developer;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.RandomTokens;

/**
 * What the operator commands do to developer accounts: create one whatever the
 * registration setting (the operator vouches for the address), set a new password, revoke
 * every token, list them. The same password policy and e-mail rule as the API.
 */
@Service
class DeveloperAdministration {

	private final DeveloperRepository developers;

	private final DeveloperPasswords passwordStore;

	private final PasswordEncoder passwords;

	private final PasswordPolicy policy;

	private final JdbcClient jdbc;

	private final Clock clock;

	DeveloperAdministration(DeveloperRepository developers, DeveloperPasswords passwordStore, PasswordEncoder passwords,
			PasswordPolicy policy, JdbcClient jdbc, Clock clock) {
		this.developers = developers;
		this.passwordStore = passwordStore;
		this.passwords = passwords;
		this.policy = policy;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** One row of {@code developer list}. */
	record Listed(String id, String email, Instant createdAt, Instant emailVerifiedAt, long projects) {
	}

	/**
	 * @return the new developer's id
	 * @throws ApiException {@code INVALID_REQUEST} for a bad e-mail or weak password,
	 * {@code EMAIL_TAKEN} when the address is registered
	 */
	@Transactional
	String create(String email, String password) {
		String normalized = DeveloperService.validEmail(email);
		this.policy.check(password);
		String id = RandomTokens.lowerAlphanumeric(DeveloperService.ID_PREFIX, 24);
		Instant now = this.clock.instant();
		int inserted = this.developers.insertIfEmailFree(id, normalized, this.passwords.encode(password), now);
		if (inserted == 0) {
			throw new ApiException(ErrorCode.EMAIL_TAKEN, "A developer with this e-mail already exists.");
		}
		this.passwordStore.markVerified(id, now);
		return id;
	}

	/**
	 * Sets a new password and revokes every token of the account.
	 * @return false for an unknown e-mail
	 */
	boolean resetPassword(String email, String password) {
		this.policy.check(password);
		Optional<Developer> developer = this.developers.findByEmail(DeveloperService.normalizeEmail(email));
		return developer
			.flatMap((found) -> this.passwordStore.overwrite(found.getId(), this.passwords.encode(password), false,
					this.clock.instant()))
			.isPresent();
	}

	/**
	 * Revokes every token of the account.
	 * @return false for an unknown e-mail
	 */
	@Transactional
	boolean revoke(String email) {
		return this.developers.findByEmail(DeveloperService.normalizeEmail(email))
			.map((found) -> this.developers.bumpTokenVersion(found.getId()) == 1)
			.orElse(false);
	}

	List<Listed> list() {
		return this.jdbc.sql("""
				select d.id, d.email, d.created_at, d.email_verified_at,
				    (select count(*) from projects p where p.developer_id = d.id) as projects
				from developers d order by d.created_at, d.id""")
			.query((rs, row) -> new Listed(rs.getString("id"), rs.getString("email"),
					rs.getTimestamp("created_at").toInstant(),
					(rs.getTimestamp("email_verified_at") != null) ? rs.getTimestamp("email_verified_at").toInstant()
							: null,
					rs.getLong("projects")))
			.list();
	}

}
