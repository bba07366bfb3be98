package dev.bondify.oidc;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ErrorAuthenticationFailureHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token request the redemptions' writer cannot take (saturated, stopping) is answered
 * 503 with {@code Retry-After: 1} and an OAuth error; every other token endpoint error is
 * Spring Authorization Server's answer, byte for byte.
 */
class TokenErrorsTest {

	@Test
	void temporarilyUnavailableIs503WithRetryAfterAndAnOAuthBody() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		new TokenErrors().onAuthenticationFailure(new MockHttpServletRequest(), response,
				new OAuth2AuthenticationException(
						new OAuth2Error(TokenErrors.TEMPORARILY_UNAVAILABLE, "The service is busy.", null)));

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("1");
		assertThat(response.getContentType()).startsWith("application/json");
		assertThat(response.getContentAsString())
			.isEqualTo("{\"error_description\":\"The service is busy.\",\"error\":\"temporarily_unavailable\"}");
	}

	@Test
	void everyOtherErrorIsTheLibrarysAnswer() throws Exception {
		for (String code : new String[] { OAuth2ErrorCodes.INVALID_GRANT, OAuth2ErrorCodes.INVALID_REQUEST,
				OAuth2ErrorCodes.UNSUPPORTED_GRANT_TYPE, "server_error" }) {
			OAuth2AuthenticationException error = new OAuth2AuthenticationException(
					new OAuth2Error(code, "described", null));
			MockHttpServletResponse ours = new MockHttpServletResponse();
			MockHttpServletResponse library = new MockHttpServletResponse();
			new TokenErrors().onAuthenticationFailure(new MockHttpServletRequest(), ours, error);
			new OAuth2ErrorAuthenticationFailureHandler().onAuthenticationFailure(new MockHttpServletRequest(), library,
					error);

			assertThat(ours.getStatus()).as(code).isEqualTo(library.getStatus()).isEqualTo(400);
			assertThat(ours.getHeader("Retry-After")).isNull();
			assertThat(ours.getContentAsString()).isEqualTo(library.getContentAsString());
		}
	}

}
