package dev.bondify.access;

/**
 * The API surfaces, each with a Spring Security filter chain of its own (see
 * {@link AdmissionOrder} for their order and paths).
 */
public enum Surface {

	/** The public and secret-key session endpoints and the proof check. */
	SESSION,

	/** The deployment bot's and the own bots' Telegram webhooks. */
	WEBHOOKS,

	/** The developer API and the dashboard. */
	DEVELOPER,

	/** Health and metrics. */
	MANAGEMENT,

	/** Everything else: the demo and sandbox pages, the OpenAPI description, assets. */
	PAGES

}
