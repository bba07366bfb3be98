package dev.bondify.project;

/**
 * Decides whether a {@code webhook_url} may be saved on a project.
 */
public interface WebhookUrlPolicy {

	/**
	 * @param url a non-blank, trimmed URL
	 * @throws dev.bondify.system.ApiException {@code INVALID_REQUEST} with a sentence
	 * saying what is wrong
	 */
	void check(String url);

}
