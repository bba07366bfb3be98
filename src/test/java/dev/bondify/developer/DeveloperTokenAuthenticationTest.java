package dev.bondify.developer;

import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import dev.bondify.system.ErrorCode;
import dev.bondify.system.ErrorResponseWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/**
 * The resource server's converter and entry point for developer tokens: the current
 * version is the developer principal, a revoked one 401, and a database outage during the
 * revocation check a retryable 503, not a 500; any other failure still surfaces.
 */
class DeveloperTokenAuthenticationTest {

	private final DeveloperRepository developers = mock(DeveloperRepository.class);

	private final ErrorResponseWriter writer = mock(ErrorResponseWriter.class);

	private final DeveloperTokenAuthentication converter = new DeveloperTokenAuthentication(this.developers);

	private final DeveloperTokenEntryPoint entryPoint = new DeveloperTokenEntryPoint(this.writer);

	@Test
	void theCurrentVersionIsTheDeveloperPrincipal() {
		given(this.developers.findTokenVersion("dev_1")).willReturn(Optional.of(3));

		AbstractAuthenticationToken authentication = this.converter.convert(jwt(3));

		assertThat(authentication.getName()).isEqualTo("dev_1");
		assertThat(authentication.isAuthenticated()).isTrue();
		assertThat(authentication.getAuthorities()).isEmpty();
	}

	@Test
	void revokedTokenIsUnauthorized() throws Exception {
		given(this.developers.findTokenVersion("dev_1")).willReturn(Optional.of(2));

		AuthenticationException refused = catchRefusal(jwt(1));
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.entryPoint.commence(new MockHttpServletRequest(), response, refused);

		assertThat(refused).isInstanceOf(InvalidBearerTokenException.class);
		verify(this.writer).write(response, ErrorCode.UNAUTHORIZED, DeveloperTokenAuthentication.INVALID, null);
	}

	@Test
	void aDeletedDevelopersTokenIsUnauthorized() {
		given(this.developers.findTokenVersion("dev_1")).willReturn(Optional.empty());

		assertThat(catchRefusal(jwt(1))).isInstanceOf(InvalidBearerTokenException.class);
	}

	@Test
	void databaseOutageDuringTheRevocationCheckIsServiceUnavailable() throws Exception {
		given(this.developers.findTokenVersion("dev_1"))
			.willThrow(new DataAccessResourceFailureException("down", new SQLTransientConnectionException("timeout")));

		AuthenticationException refused = catchRefusal(jwt(1));
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.entryPoint.commence(new MockHttpServletRequest(), response, refused);

		verify(this.writer).write(eq(response), eq(ErrorCode.SERVICE_UNAVAILABLE), anyString(), isNull());
	}

	@Test
	void otherFailuresAreNotDisguisedAsAnOutage() {
		given(this.developers.findTokenVersion("dev_1")).willThrow(new IllegalStateException("bug"));

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.converter.convert(jwt(1)));
	}

	@Test
	void noTokenAtAllIsThePlainUnauthorized() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.entryPoint.commence(new MockHttpServletRequest(), response,
				new org.springframework.security.authentication.InsufficientAuthenticationException("none"));

		verify(this.writer).write(response, ErrorCode.UNAUTHORIZED);
	}

	private AuthenticationException catchRefusal(Jwt jwt) {
		try {
			this.converter.convert(jwt);
		}
		catch (AuthenticationException ex) {
			return ex;
		}
		throw new AssertionError("the token was accepted");
	}

	private static Jwt jwt(int version) {
		Instant now = Instant.now();
		return Jwt.withTokenValue("token")
			.header("alg", "HS256")
			.issuer(DeveloperTokens.ISSUER)
			.subject("dev_1")
			.claim(DeveloperTokens.VERSION_CLAIM, (long) version)
			.issuedAt(now)
			.expiresAt(now.plusSeconds(60))
			.build();
	}

}
