package dev.bondify.session;

/**
 * Answer of generate: the session token, the deeplink to open, and the expiry in epoch
 * milliseconds.
 */
public record GenerateResponse(String sessionToken, String deeplink, long expiresAt) {
}
