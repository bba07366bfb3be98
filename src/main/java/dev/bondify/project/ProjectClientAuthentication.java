package dev.bondify.project;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A project client's authentication: before the provider, the presented secret key and
 * the project it claims (from the request body); after it, the admitted
 * {@link ProjectClient}, whose name is the project id (the rate limits' key). A public
 * caller's is never authenticated: it proved nothing.
 */
final class ProjectClientAuthentication extends AbstractAuthenticationToken {

	private final transient ProjectClient client;

	private final String claimedProjectId;

	private transient String secretKey;

	private final String origin;

	private ProjectClientAuthentication(ProjectClient client, String claimedProjectId, String secretKey,
			String origin) {
		super(List.of());
		this.client = client;
		this.claimedProjectId = claimedProjectId;
		this.secretKey = secretKey;
		this.origin = origin;
		// A public caller is admitted but proved nothing: never a principal of its own
		// (the rate limit counts it per address).
		setAuthenticated(client != null && client.isSecretKey());
	}

	/**
	 * A secret-key request to be checked; {@code claimedProjectId} is null on the proof
	 * check (the key alone names the project), {@code secretKey} null when none was sent.
	 */
	static ProjectClientAuthentication unauthenticated(String claimedProjectId, String secretKey, String origin) {
		return new ProjectClientAuthentication(null, claimedProjectId, secretKey, origin);
	}

	/**
	 * An admitted client: authenticated with a secret key, or a public caller (admitted,
	 * not authenticated).
	 */
	static ProjectClientAuthentication admitted(ProjectClient client) {
		return new ProjectClientAuthentication(client, client.projectId(), null, client.origin());
	}

	String claimedProjectId() {
		return this.claimedProjectId;
	}

	String origin() {
		return this.origin;
	}

	@Override
	public Object getCredentials() {
		return this.secretKey;
	}

	@Override
	public Object getPrincipal() {
		return (this.client != null) ? this.client : this.claimedProjectId;
	}

	/** The project id of a secret-key client; empty for a public caller. */
	@Override
	public String getName() {
		return (this.claimedProjectId != null) ? this.claimedProjectId : "";
	}

	@Override
	public void eraseCredentials() {
		this.secretKey = null;
	}

	@Override
	public boolean equals(Object other) {
		return this == other;
	}

	@Override
	public int hashCode() {
		return System.identityHashCode(this);
	}

}
