package dev.bondify.oidc;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import dev.bondify.system.RandomTokens;

/**
 * Spring Authorization Server's JDBC authorizations, shared by every instance, with two
 * changes: token values (also device and user codes) are stored and looked up as SHA-256
 * hashes (a database dump holds no usable code or token, and the id token's personal
 * claims are not kept), and a code is redeemed by one conditional UPDATE that also stores
 * the tokens, so two concurrent exchanges of the same code cannot both get tokens.
 */
class HashedAuthorizationService extends JdbcOAuth2AuthorizationService {

	static final String HASHED = "sha256:";

	private static final List<String> KEPT_ID_TOKEN_CLAIMS = List.of("iss", "sub", "aud", "iat", "exp", "auth_time");

	/** The superclass's update (Spring Authorization Server 7.1), made conditional. */
	private static final String REDEEM = "update oauth2_authorization set registered_client_id = ?, principal_name = ?,"
			+ " authorization_grant_type = ?, authorized_scopes = ?, attributes = ?, state = ?,"
			+ " authorization_code_value = ?, authorization_code_issued_at = ?, authorization_code_expires_at = ?,"
			+ " authorization_code_metadata = ?, access_token_value = ?, access_token_issued_at = ?,"
			+ " access_token_expires_at = ?, access_token_metadata = ?, access_token_type = ?, access_token_scopes = ?,"
			+ " oidc_id_token_value = ?, oidc_id_token_issued_at = ?, oidc_id_token_expires_at = ?,"
			+ " oidc_id_token_metadata = ?, refresh_token_value = ?, refresh_token_issued_at = ?,"
			+ " refresh_token_expires_at = ?, refresh_token_metadata = ?, user_code_value = ?, user_code_issued_at = ?,"
			+ " user_code_expires_at = ?, user_code_metadata = ?, device_code_value = ?, device_code_issued_at = ?,"
			+ " device_code_expires_at = ?, device_code_metadata = ?, code_redeemed = true"
			+ " where id = ? and not code_redeemed";

	/**
	 * The same without the attributes, which the code grant does not change: their typed
	 * JSON is the costliest column to write.
	 */
	private static final String REDEEM_KEEPING_ATTRIBUTES = REDEEM.replace(" attributes = ?,", "");

	/** The position of {@code attributes} in the parameters mapper's list. */
	private static final int ATTRIBUTES = 5;

	private final JdbcOperations jdbc;

	private final ParsedAuthorizations rows;

	HashedAuthorizationService(JdbcOperations jdbc, RegisteredClientRepository clients) {
		this(jdbc, clients, new ParsedAuthorizations(clients));
	}

	HashedAuthorizationService(JdbcOperations jdbc, RegisteredClientRepository clients, ParsedAuthorizations rows) {
		super(jdbc, clients);
		this.jdbc = jdbc;
		this.rows = rows;
		setAuthorizationParametersMapper(new HashingParametersMapper());
		setAuthorizationRowMapper(rows);
	}

	/**
	 * Looks a token up by its hash and hands back the authorization with the presented
	 * value in the matching token's place, so the authorization server's own comparisons
	 * (revocation, introspection, userinfo) see the token they were given. A presented
	 * value is always hashed, even one that looks hashed: a stored hash from a dump is no
	 * code. An authorization whose client is gone (paused, deleted) is no authorization.
	 */
	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		try {
			if (tokenType != null && "state".equals(tokenType.getValue())) {
				return super.findByToken(token, tokenType);
			}
			if (token == null) {
				return null;
			}
			String hashed = HASHED + Base64.getUrlEncoder().withoutPadding().encodeToString(RandomTokens.sha256(token));
			OAuth2Authorization found = super.findByToken(hashed, tokenType);
			return (found != null) ? withPresentedValue(found, hashed, token) : null;
		}
		catch (DataRetrievalFailureException ex) {
			return null;
		}
	}

	private static OAuth2Authorization withPresentedValue(OAuth2Authorization found, String hashed, String presented) {
		OAuth2Authorization.Builder builder = OAuth2Authorization.from(found);
		OAuth2Authorization.Token<OAuth2AuthorizationCode> code = found.getToken(OAuth2AuthorizationCode.class);
		if (code != null && hashed.equals(code.getToken().getTokenValue())) {
			builder.token(new OAuth2AuthorizationCode(presented, code.getToken().getIssuedAt(),
					code.getToken().getExpiresAt()), (metadata) -> metadata.putAll(code.getMetadata()));
		}
		OAuth2Authorization.Token<OAuth2DeviceCode> device = found.getToken(OAuth2DeviceCode.class);
		if (device != null && hashed.equals(device.getToken().getTokenValue())) {
			builder.token(
					new OAuth2DeviceCode(presented, device.getToken().getIssuedAt(), device.getToken().getExpiresAt()),
					(metadata) -> metadata.putAll(device.getMetadata()));
		}
		OAuth2Authorization.Token<OAuth2AccessToken> access = found.getAccessToken();
		if (access != null && hashed.equals(access.getToken().getTokenValue())) {
			OAuth2AccessToken token = access.getToken();
			builder.token(new OAuth2AccessToken(token.getTokenType(), presented, token.getIssuedAt(),
					token.getExpiresAt(), token.getScopes()), (metadata) -> metadata.putAll(access.getMetadata()));
		}
		return builder.build();
	}

	/**
	 * The save that redeems a code (the code now invalidated, a fresh active access token
	 * beside it) first claims the row: only the exchange whose UPDATE found the code not
	 * yet redeemed goes on; any other answers {@code invalid_grant}.
	 */
	@Override
	public void save(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization.getToken(OAuth2AuthorizationCode.class);
		OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
		if (code != null && code.isInvalidated() && access != null && access.isActive()) {
			if (redeem(authorization) == 0) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT));
			}
			return;
		}
		super.save(authorization);
	}

	/**
	 * Claims the code and stores the tokens in one statement (the superclass would first
	 * read and parse the row again to choose between insert and update, then update it):
	 * the columns in the order of the superclass's parameters mapper, id last. The
	 * attributes are left as stored when they are the ones just read (the code grant
	 * never changes them), else written too.
	 */
	private int redeem(OAuth2Authorization authorization) {
		boolean keepAttributes = this.rows.hasStoredAttributes(authorization);
		// The mapper reads the state column from the attributes: keep that one.
		OAuth2Authorization written = keepAttributes ? OAuth2Authorization.from(authorization)
			.attributes((attributes) -> attributes.keySet().retainAll(Set.of(OAuth2ParameterNames.STATE)))
			.build() : authorization;
		List<SqlParameterValue> parameters = new ArrayList<>(getAuthorizationParametersMapper().apply(written));
		if (keepAttributes) {
			parameters.remove(ATTRIBUTES);
		}
		parameters.add(parameters.remove(0));
		return this.jdbc.update(keepAttributes ? REDEEM_KEEPING_ATTRIBUTES : REDEEM,
				new ArgumentPreparedStatementSetter(parameters.toArray()));
	}

	static String hash(String value) {
		if (value == null || value.startsWith(HASHED)) {
			return value;
		}
		return HASHED + Base64.getUrlEncoder().withoutPadding().encodeToString(RandomTokens.sha256(value));
	}

	/** Writes a copy of the authorization whose token values are hashes. */
	private static final class HashingParametersMapper extends JsonMapperOAuth2AuthorizationParametersMapper {

		@Override
		public List<SqlParameterValue> apply(OAuth2Authorization authorization) {
			OAuth2Authorization.Builder hashed = OAuth2Authorization.from(authorization);
			OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization
				.getToken(OAuth2AuthorizationCode.class);
			if (code != null) {
				OAuth2AuthorizationCode token = code.getToken();
				hashed.token(new OAuth2AuthorizationCode(hash(token.getTokenValue()), token.getIssuedAt(),
						token.getExpiresAt()), (metadata) -> metadata.putAll(code.getMetadata()));
			}
			OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
			if (access != null) {
				OAuth2AccessToken token = access.getToken();
				hashed.token(
						new OAuth2AccessToken(token.getTokenType(), hash(token.getTokenValue()), token.getIssuedAt(),
								token.getExpiresAt(), token.getScopes()),
						(metadata) -> metadata.putAll(access.getMetadata()));
			}
			OAuth2Authorization.Token<OidcIdToken> idToken = authorization.getToken(OidcIdToken.class);
			if (idToken != null) {
				OidcIdToken token = idToken.getToken();
				Map<String, Object> kept = new LinkedHashMap<>();
				KEPT_ID_TOKEN_CLAIMS.forEach((name) -> {
					if (token.getClaims().get(name) != null) {
						kept.put(name, token.getClaims().get(name));
					}
				});
				hashed.token(
						new OidcIdToken(hash(token.getTokenValue()), token.getIssuedAt(), token.getExpiresAt(), kept),
						(metadata) -> {
							metadata.putAll(idToken.getMetadata());
							metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, kept);
						});
			}
			OAuth2Authorization.Token<OAuth2DeviceCode> device = authorization.getToken(OAuth2DeviceCode.class);
			if (device != null) {
				OAuth2DeviceCode token = device.getToken();
				hashed.token(
						new OAuth2DeviceCode(hash(token.getTokenValue()), token.getIssuedAt(), token.getExpiresAt()),
						(metadata) -> metadata.putAll(device.getMetadata()));
			}
			OAuth2Authorization.Token<OAuth2UserCode> user = authorization.getToken(OAuth2UserCode.class);
			if (user != null) {
				// Looked up by the bot through the session's own copy
				// (session_user_codes),
				// never here.
				OAuth2UserCode token = user.getToken();
				hashed.token(new OAuth2UserCode(hash(token.getTokenValue()), token.getIssuedAt(), token.getExpiresAt()),
						(metadata) -> metadata.putAll(user.getMetadata()));
			}
			OAuth2Authorization.Token<OAuth2RefreshToken> refresh = authorization.getRefreshToken();
			if (refresh != null) {
				OAuth2Token token = refresh.getToken();
				hashed.token(
						new OAuth2RefreshToken(hash(token.getTokenValue()), token.getIssuedAt(), token.getExpiresAt()),
						(metadata) -> metadata.putAll(refresh.getMetadata()));
			}
			return super.apply(hashed.build());
		}

	}

}
