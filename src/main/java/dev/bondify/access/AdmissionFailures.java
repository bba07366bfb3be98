package dev.bondify.access;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.AuthenticationException;

/**
 * Credential checks that failed but are answered later: a feature's authentication filter
 * records the failure and lets the request go on, so the rate limit counts it against the
 * caller's address before the chain's authorization answers it with 401 and the failure's
 * message.
 */
public final class AdmissionFailures {

	private static final String ATTRIBUTE = AdmissionFailures.class.getName();

	private AdmissionFailures() {
	}

	/** Records why the request's credential was refused. */
	public static void record(HttpServletRequest request, AuthenticationException failure) {
		request.setAttribute(ATTRIBUTE, failure);
	}

	/** The recorded failure, null when none was. */
	public static AuthenticationException find(HttpServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof AuthenticationException failure) ? failure : null;
	}

}
