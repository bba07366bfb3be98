package dev.bondify.oidc;

import java.io.IOException;
import java.util.Arrays;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

/**
 * What an authorization request without a signed-in user gets, once the authorization
 * server validated it (client, registered redirect URI, scopes, PKCE): the sign-in page,
 * or {@code login_required} for {@code prompt=none} (there is never a provider-side login
 * to reuse: every authorization is a fresh Telegram confirmation).
 */
@Component
class SignInEntryPoint implements AuthenticationEntryPoint {

	private final AuthorizationResponses responses;

	SignInEntryPoint(AuthorizationResponses responses) {
		this.responses = responses;
	}

	static final String VALIDATED = SignInEntryPoint.class.getName() + ".validated";

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException, ServletException {
		Object attribute = request.getAttribute(OAuth2AuthorizationCodeRequestAuthenticationToken.class.getName());
		if (!(attribute instanceof OAuth2AuthorizationCodeRequestAuthenticationToken validated)
				|| !"GET".equals(request.getMethod())) {
			OidcErrorPage.write(response, HttpStatus.BAD_REQUEST.value(), "This sign-in link is not valid",
					"Open the sign-in from the app again.");
			return;
		}
		Object prompt = validated.getAdditionalParameters().get("prompt");
		if (prompt instanceof String value && Arrays.asList(value.split(" ")).contains("none")) {
			AuthorizationResponses.redirectError(response, validated.getRedirectUri(),
					new OAuth2Error("login_required"), validated.getState(), this.responses.issuer(request));
			return;
		}
		request.setAttribute(VALIDATED, validated);
		request.getRequestDispatcher(SignInController.PAGE).forward(request, response);
	}

}
