package dev.bondify.project;

/**
 * Who calls the session, exchange and proof endpoints, as admitted at the door: a public
 * caller (a browser or app, with its normalised {@code Origin}) or a server that proved
 * it holds a project's secret key.
 *
 * @param kind how the caller was admitted
 * @param projectId the project whose secret key was presented; null for a public caller
 * @param developerId the project's owner; null for a public caller
 * @param sandbox whether that project is a sandbox project
 * @param origin the request's {@code Origin} in its normalised form, null when absent
 */
public record ProjectClient(Kind kind, String projectId, String developerId, boolean sandbox, String origin) {

	/**
	 * A caller without credentials: the project's public-access and origin rules apply.
	 */
	public static ProjectClient publicCaller(String origin) {
		return new ProjectClient(Kind.PUBLIC, null, null, false, origin);
	}

	/** Whether the caller proved it holds a project's secret key. */
	public boolean isSecretKey() {
		return this.kind == Kind.SECRET_KEY;
	}

	/** How a project client was admitted. */
	public enum Kind {

		/** No {@code Authorization}: the public endpoints. */
		PUBLIC,

		/** {@code Authorization: Bearer sk_…} matching the project's current key. */
		SECRET_KEY

	}

}
