package dev.bondify.developer;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where a browser keeps its developer token instead of an {@code Authorization} header
 * (the dashboard's httpOnly cookie); the developer chain falls back to it.
 */
public interface DeveloperTokenCookie {

	/** The token the request's cookie carries, or null. */
	String token(HttpServletRequest request);

}
