package dev.bondify.oidc;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

import dev.bondify.session.SessionSnapshot;

/**
 * The claims of id tokens, access tokens and {@code /userinfo}, read from the confirmed
 * Bondify session that the authorization's principal names (its id): pairwise
 * {@code sub}, {@code amr}, {@code auth_time}, and per scope the Telegram profile and
 * phone. Every token is signed ES256.
 */
@Component
class TelegramClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

	static final List<String> SUPPORTED = List.of("iss", "aud", "sub", "iat", "exp", "auth_time", "nonce", "amr",
			"name", "preferred_username", "telegram_id", "phone_number", "phone_number_verified");

	private final SignedInIdentities sessions;

	private final PairwiseSubjects subjects;

	private volatile Issuer issuer;

	TelegramClaims(SignedInIdentities sessions, PairwiseSubjects subjects) {
		this.sessions = sessions;
		this.subjects = subjects;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		context.getJwsHeader().algorithm(SignatureAlgorithm.ES256);
		String clientId = context.getRegisteredClient().getClientId();
		SessionSnapshot session = session(context.getPrincipal().getName());
		String subject = this.subjects.subject(clientId, session.telegramId());
		context.getClaims().subject(subject);
		context.getClaims().claims(this::issuerAsUrl);
		if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
			context.getClaims().claim("amr", List.of("telegram"));
			if (AuthorizationGrantType.DEVICE_CODE.equals(context.getAuthorizationGrantType())) {
				// The code flow has it from the sign-in's factor (as a Date, which both
				// the
				// token encoder and the stored authorization accept); the device grant
				// from
				// the session.
				context.getClaims().claim("auth_time", Date.from(session.confirmedAt()));
			}
			scoped(session, context.getAuthorizedScopes()).forEach(context.getClaims()::claim);
		}
	}

	/**
	 * The issuer as the URL the claims' builder would make of its text (it converts a
	 * text {@code iss} to a URL when it can, on every token), made once per issuer: the
	 * builder keeps a URL as it is.
	 */
	void issuerAsUrl(Map<String, Object> claims) {
		if (!(claims.get(JwtClaimNames.ISS) instanceof String text)) {
			return;
		}
		Issuer kept = this.issuer;
		if (kept == null || !kept.text().equals(text)) {
			URL url;
			try {
				url = new URI(text).toURL();
			}
			catch (URISyntaxException | MalformedURLException | IllegalArgumentException ex) {
				// The builder keeps such a text as it is.
				return;
			}
			kept = new Issuer(text, url);
			this.issuer = kept;
		}
		claims.put(JwtClaimNames.ISS, kept.url());
	}

	/** An issuer's text and its URL. */
	private record Issuer(String text, URL url) {
	}

	/**
	 * {@code /userinfo}: the same claims as the id token, for the access token's scopes.
	 */
	OidcUserInfo userInfo(OidcUserInfoAuthenticationContext context) {
		OAuth2Authorization authorization = context.getAuthorization();
		SessionSnapshot session = session(authorization.getPrincipalName());
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", this.subjects.subject(authorization.getRegisteredClientId(), session.telegramId()));
		claims.putAll(scoped(session, context.getAccessToken().getScopes()));
		return new OidcUserInfo(claims);
	}

	private static Map<String, Object> scoped(SessionSnapshot session, Set<String> scopes) {
		Map<String, Object> claims = new LinkedHashMap<>();
		if (scopes.contains(OidcScopes.PROFILE)) {
			claims.put("telegram_id", session.telegramId());
			if (session.telegramName() != null) {
				claims.put("name", session.telegramName());
			}
			if (session.telegramUsername() != null) {
				claims.put("preferred_username", session.telegramUsername());
			}
		}
		if (scopes.contains(OidcScopes.PHONE) && session.telegramPhone() != null) {
			claims.put("phone_number", session.telegramPhone());
			claims.put("phone_number_verified", true);
		}
		return claims;
	}

	private SessionSnapshot session(String principalName) {
		UUID id;
		try {
			id = UUID.fromString(principalName);
		}
		catch (IllegalArgumentException ex) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_TOKEN);
		}
		return this.sessions.confirmed(id)
			.orElseThrow(() -> new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_TOKEN));
	}

}
