package dev.bondify.developer;

import java.sql.SQLTransientConnectionException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.bondify.system.ErrorCode;
import dev.bondify.system.ErrorResponseWriter;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The developer-token check when the database that knows revocations is unreachable: a
 * retryable 503, not a 500; any other failure still surfaces.
 */
class DeveloperTokenFilterTest {

	private final DeveloperTokens tokens = mock(DeveloperTokens.class);

	private final DeveloperRepository developers = mock(DeveloperRepository.class);

	private final ErrorResponseWriter writer = mock(ErrorResponseWriter.class);

	private final FilterChain chain = mock(FilterChain.class);

	private final DeveloperTokenFilter filter = new DeveloperTokenFilter(this.tokens, this.developers, this.writer);

	@Test
	void databaseOutageDuringTheRevocationCheckIsServiceUnavailable() throws Exception {
		given(this.tokens.verify("token")).willReturn(Optional.of(new DeveloperTokens.Verified("dev_1", 1)));
		given(this.developers.findTokenVersion("dev_1"))
			.willThrow(new DataAccessResourceFailureException("down", new SQLTransientConnectionException("timeout")));
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(request(), response, this.chain);

		verify(this.writer).write(eq(response), eq(ErrorCode.SERVICE_UNAVAILABLE), anyString(), isNull());
		verifyNoInteractions(this.chain);
	}

	@Test
	void otherFailuresAreNotDisguisedAsAnOutage() {
		given(this.tokens.verify("token")).willReturn(Optional.of(new DeveloperTokens.Verified("dev_1", 1)));
		given(this.developers.findTokenVersion("dev_1")).willThrow(new IllegalStateException("bug"));

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.filter.doFilter(request(), new MockHttpServletResponse(), this.chain));
		verifyNoInteractions(this.chain);
	}

	@Test
	void revokedTokenIsUnauthorized() throws Exception {
		given(this.tokens.verify("token")).willReturn(Optional.of(new DeveloperTokens.Verified("dev_1", 1)));
		given(this.developers.findTokenVersion("dev_1")).willReturn(Optional.of(2));
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(request(), response, this.chain);

		verify(this.writer).write(eq(response), eq(ErrorCode.UNAUTHORIZED), any(), isNull());
		verifyNoInteractions(this.chain);
	}

	private static MockHttpServletRequest request() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/dev/projects");
		request.setServletPath("/api/v1/dev/projects");
		request.addHeader("Authorization", "Bearer token");
		return request;
	}

}
