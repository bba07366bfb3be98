package dev.bondify.oidc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import dev.bondify.system.PublicUrl;

/**
 * The authorization endpoint's answers: the code (with {@code state} and, per RFC 9207,
 * {@code iss}) to the registered redirect URI; an error there too once the redirect URI
 * is known to be registered, otherwise an error page for people, never a redirect.
 */
@Component
class AuthorizationResponses {

	private final PublicUrl publicUrl;

	AuthorizationResponses(PublicUrl publicUrl) {
		this.publicUrl = publicUrl;
	}

	/**
	 * The issuer: {@code BONDIFY_PUBLIC_URL} when set, else the request's base URL (what
	 * the discovery document says for the same request).
	 */
	String issuer(HttpServletRequest request) {
		return this.publicUrl.orElse(ServletUriComponentsBuilder.fromContextPath(request).build().toUriString());
	}

	void success(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationToken result = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(result.getRedirectUri())
			.queryParam(OAuth2ParameterNames.CODE, encode(result.getAuthorizationCode().getTokenValue()));
		redirect(response, uri, result.getState(), issuer(request));
	}

	void failure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth) ? oauth.getError()
				: new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR);
		OAuth2AuthorizationCodeRequestAuthenticationToken rejected = (exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException codeRequest)
				? codeRequest.getAuthorizationCodeRequestAuthentication() : null;
		if (rejected == null || !StringUtils.hasText(rejected.getRedirectUri())) {
			OidcErrorPage.write(response, HttpStatus.BAD_REQUEST.value(), "This sign-in link is not valid",
					"The app sent an unknown client, a paused project, or a redirect address that is not registered"
							+ " for it, so this service will not send you anywhere.");
			return;
		}
		redirectError(response, rejected.getRedirectUri(), error, rejected.getState(), issuer(request));
	}

	/** Sends the user back with an OAuth error, {@code state} and {@code iss}. */
	static void redirectError(HttpServletResponse response, String redirectUri, OAuth2Error error, String state,
			String issuer) throws IOException {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(redirectUri)
			.queryParam(OAuth2ParameterNames.ERROR, encode(error.getErrorCode()));
		if (StringUtils.hasText(error.getDescription())) {
			uri.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, encode(error.getDescription()));
		}
		redirect(response, uri, state, issuer);
	}

	/** The redirect URI with an error, {@code state} and {@code iss}, as a string. */
	static String errorLocation(String redirectUri, String errorCode, String state, String issuer) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(redirectUri)
			.queryParam(OAuth2ParameterNames.ERROR, encode(errorCode));
		return withStateAndIssuer(uri, state, issuer);
	}

	private static void redirect(HttpServletResponse response, UriComponentsBuilder uri, String state, String issuer)
			throws IOException {
		response.setHeader("Cache-Control", "no-store");
		response.sendRedirect(withStateAndIssuer(uri, state, issuer));
	}

	private static String withStateAndIssuer(UriComponentsBuilder uri, String state, String issuer) {
		if (StringUtils.hasText(state)) {
			uri.queryParam(OAuth2ParameterNames.STATE, encode(state));
		}
		uri.queryParam("iss", encode(issuer));
		return uri.build(true).toUriString();
	}

	private static String encode(String value) {
		return UriUtils.encode(value, StandardCharsets.UTF_8);
	}

}
