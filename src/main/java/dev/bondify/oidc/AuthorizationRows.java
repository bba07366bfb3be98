package dev.bondify.oidc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.StringUtils;

/**
 * Maps an {@code oauth2_authorization} row as Spring Authorization Server's own row
 * mapper (7.1) does, column for column, but reads the attributes and metadata columns
 * through {@link CompactMaps}: compact text without typed Jackson, older rows' typed JSON
 * as before.
 */
final class AuthorizationRows implements RowMapper<OAuth2Authorization> {

	private final RegisteredClientRepository clients;

	AuthorizationRows(RegisteredClientRepository clients) {
		this.clients = clients;
	}

	@Override
	public OAuth2Authorization mapRow(ResultSet row, int rowNumber) throws SQLException {
		String clientId = row.getString("registered_client_id");
		RegisteredClient client = this.clients.findById(clientId);
		if (client == null) {
			throw new DataRetrievalFailureException(
					"The RegisteredClient with id '" + clientId + "' was not found in the RegisteredClientRepository.");
		}
		Map<String, Object> attributes = CompactMaps.read(row.getString("attributes"));
		OAuth2Authorization.Builder builder = OAuth2Authorization.withRegisteredClient(client)
			.id(row.getString("id"))
			.principalName(row.getString("principal_name"))
			.authorizationGrantType(new AuthorizationGrantType(row.getString("authorization_grant_type")))
			.authorizedScopes(scopes(row.getString("authorized_scopes")))
			.attributes((all) -> all.putAll(attributes));
		String state = row.getString("state");
		if (StringUtils.hasText(state)) {
			builder.attribute(OAuth2ParameterNames.STATE, state);
		}
		token(row, builder, "authorization_code", OAuth2AuthorizationCode::new);
		String access = row.getString("access_token_value");
		if (StringUtils.hasText(access)) {
			Map<String, Object> metadata = CompactMaps.read(row.getString("access_token_metadata"));
			builder.token(new OAuth2AccessToken(tokenType(row.getString("access_token_type")), access,
					instant(row, "access_token_issued_at"), instant(row, "access_token_expires_at"),
					scopes(row.getString("access_token_scopes"))), (all) -> all.putAll(metadata));
		}
		String idToken = row.getString("oidc_id_token_value");
		if (StringUtils.hasText(idToken)) {
			Map<String, Object> metadata = CompactMaps.read(row.getString("oidc_id_token_metadata"));
			@SuppressWarnings("unchecked")
			Map<String, Object> claims = (Map<String, Object>) metadata
				.getOrDefault(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, Map.of());
			builder.token(new OidcIdToken(idToken, instant(row, "oidc_id_token_issued_at"),
					instant(row, "oidc_id_token_expires_at"), claims), (all) -> all.putAll(metadata));
		}
		token(row, builder, "refresh_token", OAuth2RefreshToken::new);
		token(row, builder, "user_code", OAuth2UserCode::new);
		token(row, builder, "device_code", OAuth2DeviceCode::new);
		return builder.build();
	}

	/**
	 * The token of columns {@code prefix_value}, {@code _issued_at}, {@code _expires_at}
	 * and {@code _metadata}, if the row has one.
	 */
	private static void token(ResultSet row, OAuth2Authorization.Builder builder, String prefix, TokenOf token)
			throws SQLException {
		String value = row.getString(prefix + "_value");
		if (StringUtils.hasText(value)) {
			Map<String, Object> metadata = CompactMaps.read(row.getString(prefix + "_metadata"));
			builder.token(token.of(value, instant(row, prefix + "_issued_at"), instant(row, prefix + "_expires_at")),
					(all) -> all.putAll(metadata));
		}
	}

	/** A token's constructor from value, issued and expires. */
	@FunctionalInterface
	private interface TokenOf {

		OAuth2Token of(String value, Instant issuedAt, Instant expiresAt);

	}

	private static Set<String> scopes(String column) {
		return (column != null) ? StringUtils.commaDelimitedListToSet(column) : Set.of();
	}

	private static Instant instant(ResultSet row, String column) throws SQLException {
		Timestamp timestamp = row.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private static OAuth2AccessToken.TokenType tokenType(String column) {
		if (OAuth2AccessToken.TokenType.BEARER.getValue().equalsIgnoreCase(column)) {
			return OAuth2AccessToken.TokenType.BEARER;
		}
		if (OAuth2AccessToken.TokenType.DPOP.getValue().equalsIgnoreCase(column)) {
			return OAuth2AccessToken.TokenType.DPOP;
		}
		throw new IllegalArgumentException("access_token_type must be BEARER or DPOP");
	}

}
