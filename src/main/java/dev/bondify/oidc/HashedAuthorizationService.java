package dev.bondify.oidc;

import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataRetrievalFailureException;
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
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.RandomTokens;

/**
 * Spring Authorization Server's JDBC authorizations, shared by every instance, with two
 * changes: token values (also device and user codes) are stored and looked up as SHA-256
 * hashes (a database dump holds no usable code or token, and the id token's personal
 * claims are not kept), and a code is redeemed by one conditional UPDATE that also stores
 * the tokens, so two concurrent exchanges of the same code cannot both get tokens.
 */
class HashedAuthorizationService extends JdbcOAuth2AuthorizationService implements DisposableBean {

	static final String HASHED = "sha256:";

	/** The request attribute holding the code row read in this request, by code hash. */
	private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	private static final String READ = HashedAuthorizationService.class.getName() + ".code:";

	private final ParsedAuthorizations rows;

	private final JdbcOperations jdbc;

	private Redemptions redemptions;

	private volatile CodeReads codeReads;

	private volatile boolean stopped;

	HashedAuthorizationService(JdbcOperations jdbc, RegisteredClientRepository clients) {
		this(jdbc, clients, new ParsedAuthorizations(clients));
	}

	HashedAuthorizationService(JdbcOperations jdbc, RegisteredClientRepository clients, ParsedAuthorizations rows) {
		super(jdbc, clients);
		this.rows = rows;
		this.jdbc = jdbc;
		setAuthorizationParametersMapper(new AuthorizationColumns());
		setAuthorizationRowMapper(rows);
	}

	/**
	 * Looks a token up by its hash and hands back the authorization with the presented
	 * value in the matching token's place, so the authorization server's own comparisons
	 * (revocation, introspection, userinfo) see the token they were given. A presented
	 * value is always hashed, even one that looks hashed: a stored hash from a dump is no
	 * code. An authorization whose client is gone (paused, deleted) is no authorization.
	 * A code is read once per request: the PKCE check and the code grant both look it up,
	 * and the second is answered with the first's row (the redeeming UPDATE is
	 * conditional, so a code redeemed meanwhile by another request still loses there).
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
			RequestAttributes request = CODE.equals(tokenType) ? RequestContextHolder.getRequestAttributes() : null;
			if (request != null && request.getAttribute(READ + hashed,
					RequestAttributes.SCOPE_REQUEST) instanceof OAuth2Authorization read) {
				return read;
			}
			OAuth2Authorization found = CODE.equals(tokenType) ? findByCode(hashed)
					: super.findByToken(hashed, tokenType);
			OAuth2Authorization presented = (found != null) ? withPresentedValue(found, hashed, token) : null;
			if (request != null && presented != null) {
				request.setAttribute(READ + hashed, presented, RequestAttributes.SCOPE_REQUEST);
			}
			return presented;
		}
		catch (DataRetrievalFailureException ex) {
			return null;
		}
	}

	/**
	 * A code's row, read with the other code lookups of the moment ({@link CodeReads});
	 * alone inside a caller's transaction (so it sees what the transaction sees) and when
	 * the reader is saturated or stopping.
	 */
	private OAuth2Authorization findByCode(String hashed) {
		CodeReads reader = TransactionSynchronizationManager.isActualTransactionActive() ? null : codeReads();
		if (reader != null) {
			try {
				return reader.read(hashed);
			}
			catch (ApiException ex) {
				if (ex.code() != ErrorCode.SERVICE_UNAVAILABLE) {
					throw ex;
				}
			}
		}
		return super.findByToken(hashed, CODE);
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
	 * yet redeemed goes on; any other answers {@code invalid_grant} after revoking the
	 * tokens the winner got, as Spring Authorization Server does for a replay it sees
	 * (RFC 6749 section 4.1.2): a loser of a race read the row before the winner's
	 * redemption, so the provider took it for a first use.
	 */
	@Override
	public void save(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization.getToken(OAuth2AuthorizationCode.class);
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (code != null && request != null) {
			// A changed row is read afresh, even within this request.
			request.removeAttribute(READ + hash(code.getToken().getTokenValue()), RequestAttributes.SCOPE_REQUEST);
		}
		OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
		if (code != null && code.isInvalidated() && access != null && access.isActive()) {
			if (!redeem(authorization)) {
				revokeRedeemed(authorization.getId());
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT));
			}
			return;
		}
		super.save(authorization);
	}

	/**
	 * Invalidates the access token (and the refresh token, if any) of a row whose code
	 * another request redeemed, read afresh from the database (the row this request read
	 * predates that redemption), by the ordinary save, whose UPDATE announces the change
	 * to every instance (V193).
	 */
	private void revokeRedeemed(String id) {
		OAuth2Authorization current;
		try {
			current = super.findById(id);
		}
		catch (DataRetrievalFailureException ex) {
			return;
		}
		OAuth2Authorization.Token<OAuth2AccessToken> access = (current != null) ? current.getAccessToken() : null;
		if (access == null || !access.isActive()) {
			return;
		}
		OAuth2Authorization.Token<OAuth2RefreshToken> refresh = current.getRefreshToken();
		OAuth2Token issued = (refresh != null) ? refresh.getToken() : access.getToken();
		super.save(OAuth2Authorization.from(current).invalidate(issued).build());
	}

	/**
	 * Claims the code and stores the tokens in one conditional UPDATE (the superclass
	 * would first read and parse the row again to choose between insert and update, then
	 * update it), grouped with the other redemptions of the moment ({@link Redemptions});
	 * inside a caller's transaction alone, so it joins that transaction. The attributes
	 * are left as stored when they are the ones just read (the code grant never changes
	 * them), else written too.
	 */
	private boolean redeem(OAuth2Authorization authorization) {
		boolean keepAttributes = this.rows.hasStoredAttributes(authorization);
		this.rows.forget(authorization.getId());
		// The mapper reads the state column from the attributes: keep that one.
		OAuth2Authorization written = keepAttributes ? OAuth2Authorization.from(authorization)
			.attributes((attributes) -> attributes.keySet().retainAll(Set.of(OAuth2ParameterNames.STATE)))
			.build() : authorization;
		List<SqlParameterValue> columns = getAuthorizationParametersMapper().apply(written);
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return new Redemptions.Alone(this.jdbc).redeem(columns, keepAttributes);
		}
		Redemptions writer = redemptions();
		if (writer == null) {
			throw busy("The service is stopping; retry in a second.");
		}
		try {
			return writer.redeem(columns, keepAttributes);
		}
		catch (ApiException ex) {
			if (ex.code() != ErrorCode.SERVICE_UNAVAILABLE) {
				throw ex;
			}
			throw busy(ex.getMessage());
		}
	}

	/**
	 * The writer saturated or stopping: an OAuth error, answered 503 by
	 * {@link TokenErrors} (the code is not redeemed, a retry may still use it).
	 */
	private static OAuth2AuthenticationException busy(String description) {
		return new OAuth2AuthenticationException(
				new OAuth2Error(TokenErrors.TEMPORARILY_UNAVAILABLE, description, null));
	}

	/** The redemptions' writer, started by the first redemption; null once stopped. */
	private synchronized Redemptions redemptions() {
		if (this.redemptions == null && !this.stopped) {
			this.redemptions = new Redemptions(this.jdbc);
		}
		return this.stopped ? null : this.redemptions;
	}

	/** The code lookups' reader, started by the first lookup; null once stopped. */
	private CodeReads codeReads() {
		CodeReads started = this.codeReads;
		return (started != null && !this.stopped) ? started : startCodeReads();
	}

	private synchronized CodeReads startCodeReads() {
		if (this.codeReads == null && !this.stopped) {
			this.codeReads = new CodeReads(this.jdbc, this.rows.unkept(), (hashed) -> super.findByToken(hashed, CODE));
		}
		return this.stopped ? null : this.codeReads;
	}

	/**
	 * Stops the redemptions' writer and the code lookups' reader with the application;
	 * later redemptions answer 503, later lookups read alone.
	 */
	@Override
	public synchronized void destroy() {
		this.stopped = true;
		if (this.redemptions != null) {
			this.redemptions.close();
		}
		if (this.codeReads != null) {
			this.codeReads.close();
		}
	}

	static String hash(String value) {
		if (value == null || value.startsWith(HASHED)) {
			return value;
		}
		return HASHED + Base64.getUrlEncoder().withoutPadding().encodeToString(RandomTokens.sha256(value));
	}

}
