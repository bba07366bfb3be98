package dev.bondify.developer;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import dev.bondify.system.ApiException;
import dev.bondify.system.DatabaseFailures;

/**
 * The resource server's JWT authentication converter for developer tokens: a decoded
 * token whose {@code ver} is still the developer's current token version becomes the
 * developer principal ({@code getName()} is the developer id); a revoked one is an
 * invalid token, and an unreachable database a retryable refusal rather than a 500.
 */
class DeveloperTokenAuthentication implements Converter<Jwt, AbstractAuthenticationToken> {

	static final String INVALID = "The developer token is malformed, expired or revoked; log in again.";

	private final DeveloperRepository developers;

	DeveloperTokenAuthentication(DeveloperRepository developers) {
		this.developers = developers;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		DeveloperTokens.Verified verified = DeveloperTokens.Verified.of(jwt);
		boolean current;
		try {
			current = verified.isCurrent(this.developers);
		}
		catch (RuntimeException ex) {
			if (!DatabaseFailures.isUnavailable(ex)) {
				throw ex;
			}
			throw new CheckUnavailable(DatabaseFailures.answer(ex));
		}
		if (!current) {
			throw new InvalidBearerTokenException(INVALID);
		}
		return new JwtAuthenticationToken(jwt, AuthorityUtils.NO_AUTHORITIES, verified.developerId());
	}

	/**
	 * The revocation check could not reach the database; carries the contract's answer
	 * (503 with its retry hint) to the entry point.
	 */
	static final class CheckUnavailable extends AuthenticationException {

		private final transient ApiException answer;

		CheckUnavailable(ApiException answer) {
			super(answer.getMessage());
			this.answer = answer;
		}

		ApiException answer() {
			return this.answer;
		}

	}

}
