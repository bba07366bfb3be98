package dev.bondify.project;

/**
 * Whether a developer may create a live (non-sandbox) project; the developer accounts
 * decide it (an address not yet verified while e-mail is configured may not).
 */
public interface LiveProjectGate {

	/**
	 * Returns normally when the developer may create a live project.
	 * @param developerId the developer
	 * @throws dev.bondify.system.ApiException 403 with a sentence saying what to do
	 */
	void checkMayCreateLive(String developerId);

}
