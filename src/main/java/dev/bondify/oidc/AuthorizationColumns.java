package dev.bondify.oidc;

import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.util.StringUtils;

/**
 * The column values of an authorization in the order of Spring Authorization Server's
 * parameters mapper (7.1), which its insert and update statements expect, id first: every
 * token value (codes too) as its SHA-256, the id token's personal claims left out, and
 * the attributes and metadata in {@link CompactMaps}' text.
 */
final class AuthorizationColumns implements Function<OAuth2Authorization, List<SqlParameterValue>> {

	/** The id token claims kept in its metadata: none that describes the person. */
	private static final List<String> KEPT_ID_TOKEN_CLAIMS = List.of("iss", "sub", "aud", "iat", "exp", "auth_time");

	/** The position of {@code attributes} in the list. */
	static final int ATTRIBUTES = 5;

	@Override
	public List<SqlParameterValue> apply(OAuth2Authorization authorization) {
		List<SqlParameterValue> columns = new ArrayList<>(36);
		columns.add(text(authorization.getId()));
		columns.add(text(authorization.getRegisteredClientId()));
		columns.add(text(authorization.getPrincipalName()));
		columns.add(text(authorization.getAuthorizationGrantType().getValue()));
		columns.add(text(delimited(authorization.getAuthorizedScopes())));
		columns.add(text(CompactMaps.write(authorization.getAttributes())));
		String state = authorization.getAttribute(OAuth2ParameterNames.STATE);
		columns.add(text(StringUtils.hasText(state) ? state : null));
		token(columns, authorization.getToken(OAuth2AuthorizationCode.class), null);
		OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getToken(OAuth2AccessToken.class);
		token(columns, access, null);
		columns.add(text((access != null) ? access.getToken().getTokenType().getValue() : null));
		columns.add(text((access != null) ? delimited(access.getToken().getScopes()) : null));
		OAuth2Authorization.Token<OidcIdToken> idToken = authorization.getToken(OidcIdToken.class);
		token(columns, idToken, (idToken != null) ? keptClaims(idToken.getToken()) : null);
		token(columns, authorization.getToken(OAuth2RefreshToken.class), null);
		token(columns, authorization.getToken(OAuth2UserCode.class), null);
		token(columns, authorization.getToken(OAuth2DeviceCode.class), null);
		return columns;
	}

	/**
	 * Value (hashed), issued, expires, metadata (with the claims replaced when given).
	 */
	private static void token(List<SqlParameterValue> columns, OAuth2Authorization.Token<?> token,
			Map<String, Object> claims) {
		if (token == null) {
			columns.add(text(null));
			columns.add(new SqlParameterValue(Types.TIMESTAMP, null));
			columns.add(new SqlParameterValue(Types.TIMESTAMP, null));
			columns.add(text(null));
			return;
		}
		OAuth2Token value = token.getToken();
		columns.add(text(HashedAuthorizationService.hash(value.getTokenValue())));
		columns.add(new SqlParameterValue(Types.TIMESTAMP,
				(value.getIssuedAt() != null) ? Timestamp.from(value.getIssuedAt()) : null));
		columns.add(new SqlParameterValue(Types.TIMESTAMP,
				(value.getExpiresAt() != null) ? Timestamp.from(value.getExpiresAt()) : null));
		Map<String, Object> metadata = token.getMetadata();
		if (claims != null) {
			metadata = new LinkedHashMap<>(metadata);
			metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims);
		}
		columns.add(text(CompactMaps.write(metadata)));
	}

	private static Map<String, Object> keptClaims(OidcIdToken token) {
		Map<String, Object> kept = new LinkedHashMap<>();
		KEPT_ID_TOKEN_CLAIMS.forEach((name) -> {
			if (token.getClaims().get(name) != null) {
				kept.put(name, token.getClaims().get(name));
			}
		});
		return kept;
	}

	private static String delimited(java.util.Collection<String> values) {
		return (values == null || values.isEmpty()) ? null : StringUtils.collectionToDelimitedString(values, ",");
	}

	private static SqlParameterValue text(String value) {
		return new SqlParameterValue(Types.VARCHAR, value);
	}

}
