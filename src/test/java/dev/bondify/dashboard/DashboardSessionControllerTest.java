package dev.bondify.dashboard;

import java.util.Optional;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.bondify.developer.DeveloperSignIn;
import dev.bondify.system.ClientIpResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * What the session endpoint tells the page, without a server: closed registration, and a
 * stale token cookie that is cleared instead of trusted.
 */
class DashboardSessionControllerTest {

	private final DeveloperSignIn signIn = mock(DeveloperSignIn.class);

	private final ClientIpResolver proxies = mock(ClientIpResolver.class);

	private final DashboardSessionController controller = new DashboardSessionController(this.signIn,
			new DashboardCookies(this.proxies), this.proxies);

	@Test
	void whenRegistrationIsClosedTheSessionSaysSoAndIssuesACsrfToken() {
		given(this.signIn.registrationOpen()).willReturn(false);
		MockHttpServletResponse response = new MockHttpServletResponse();

		DashboardSessionController.SessionView view = this.controller.session(new MockHttpServletRequest(), response);

		assertThat(view.registrationOpen()).isFalse();
		assertThat(view.signedIn()).isFalse();
		assertThat(view.csrfToken()).hasSize(43);
		assertThat(response.getHeaders("Set-Cookie"))
			.anySatisfy(cookie -> assertThat(cookie).startsWith("bondify_csrf=" + view.csrfToken())
				.contains("SameSite=Strict"));
	}

	@Test
	void aRevokedTokenCookieIsClearedAndNotTrusted() {
		given(this.signIn.authenticate(anyString())).willReturn(Optional.empty());
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie("bondify_dev", "eyJrevoked"), new Cookie("bondify_csrf", "kept"));
		MockHttpServletResponse response = new MockHttpServletResponse();

		DashboardSessionController.SessionView view = this.controller.session(request, response);

		assertThat(view.signedIn()).isFalse();
		assertThat(view.developer()).isNull();
		assertThat(view.csrfToken()).isEqualTo("kept");
		assertThat(response.getHeaders("Set-Cookie"))
			.anySatisfy(cookie -> assertThat(cookie).startsWith("bondify_dev=;").contains("Max-Age=0"));
		verify(this.signIn, never()).account(anyString());
	}

}
