package dev.bondify.oidc;

import java.nio.ByteBuffer;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.bondify.system.ChangeNotifications;
import dev.bondify.system.RandomTokens;

/**
 * The authorization server's authorizations with the lookup by access token (what
 * {@code /userinfo} asks on every call) answered from memory while the cluster's change
 * link vouches for it: a row read from the database is kept by the token's SHA-256, and
 * dropped on every instance when the row changes (a trigger announces every update or
 * delete of a row that holds an access token, V193) or when the link stops vouching (its
 * last heartbeat is over 750 ms old: then every lookup reads the database again). The
 * client is looked up on every call, so a paused or deleted project's token stops at
 * once; expiry and revocation are checked by the caller on every call, on the row as
 * kept.
 */
final class ActiveAccessTokens implements OAuth2AuthorizationService, ChangeNotifications.Subscriber {

	/** How many authorizations one instance keeps. */
	static final int KEPT = 4_096;

	/**
	 * The payload of an authorization's change: this + its id ({@code oauth:} alone: any
	 * number of them).
	 */
	static final String CHANGE = "oauth:";

	private final OAuth2AuthorizationService authorizations;

	private final RegisteredClientRepository clients;

	private final ChangeNotifications notifications;

	private final Cache<ByteBuffer, OAuth2Authorization> kept;

	ActiveAccessTokens(OAuth2AuthorizationService authorizations, RegisteredClientRepository clients,
			ChangeNotifications notifications, Duration accessTokenTtl) {
		this.authorizations = authorizations;
		this.clients = clients;
		this.notifications = notifications;
		// Past the token's lifetime an entry answers nothing the caller would accept.
		this.kept = Caffeine.newBuilder().maximumSize(KEPT).expireAfterWrite(accessTokenTtl.plusMinutes(2)).build();
		notifications.subscribe(this);
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		if (token == null || !OAuth2TokenType.ACCESS_TOKEN.equals(tokenType)) {
			return this.authorizations.findByToken(token, tokenType);
		}
		ByteBuffer key = ByteBuffer.wrap(RandomTokens.sha256(token));
		if (this.notifications.isCurrent()) {
			OAuth2Authorization authorization = this.kept.getIfPresent(key);
			if (authorization != null && isFor(authorization, token)
					&& this.clients.findById(authorization.getRegisteredClientId()) != null) {
				return authorization;
			}
		}
		long seen = this.notifications.generation();
		OAuth2Authorization found = this.authorizations.findByToken(token, tokenType);
		if (found != null && isFor(found, token)) {
			this.kept.put(key, found);
			// A change announced since the read may be newer than what was read.
			if (!this.notifications.isCurrent() || this.notifications.generation() != seen) {
				this.kept.invalidate(key);
			}
		}
		return found;
	}

	private static boolean isFor(OAuth2Authorization authorization, String token) {
		OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
		return access != null && token.equals(access.getToken().getTokenValue());
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return this.authorizations.findById(id);
	}

	/**
	 * Saves, and when the saved access token is no longer active (revoked here, or by a
	 * replayed code) forgets it on this instance at once (the others hear of it from the
	 * database's notification). A refused save (a code another request redeemed) may have
	 * revoked that request's tokens: it is forgotten too.
	 */
	@Override
	public void save(OAuth2Authorization authorization) {
		try {
			this.authorizations.save(authorization);
		}
		catch (RuntimeException ex) {
			forgetAfterCommit(authorization.getId());
			throw ex;
		}
		OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
		if (access != null && !access.isActive()) {
			forgetAfterCommit(authorization.getId());
		}
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		this.authorizations.remove(authorization);
		forgetAfterCommit(authorization.getId());
	}

	private void forgetAfterCommit(String id) {
		String payload = CHANGE + id;
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					ActiveAccessTokens.this.notifications.changedHere(payload);
				}
			});
		}
		else {
			this.notifications.changedHere(payload);
		}
	}

	@Override
	public void changed(String payload) {
		if (!payload.startsWith(CHANGE)) {
			return;
		}
		if (payload.length() == CHANGE.length()) {
			this.kept.invalidateAll();
			return;
		}
		String id = payload.substring(CHANGE.length());
		this.kept.asMap().values().removeIf((authorization) -> id.equals(authorization.getId()));
	}

	@Override
	public void reset() {
		this.kept.invalidateAll();
	}

	/** How many authorizations are kept now (tests). */
	long size() {
		this.kept.cleanUp();
		return this.kept.estimatedSize();
	}

}
