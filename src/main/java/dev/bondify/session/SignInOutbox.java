package dev.bondify.session;

/**
 * Renders the webhook event of a sign-in for the statement that confirms it (see
 * {@link ConfirmedSignIns}), so event and session are committed together; implemented
 * where webhooks are, which the session package does not know.
 */
public interface SignInOutbox {

	/**
	 * The outbox entry of {@code confirmed}: the event's name and its body exactly as it
	 * is sent, sealed as the outbox stores it.
	 */
	Entry confirmed(SessionEvents.Confirmed confirmed);

	/** An event name and its sealed body. */
	record Entry(String event, String sealedPayload) {
	}

}
