package dev.bondify.session;

/**
 * The outcome of bind / confirm / cancel: {@code DONE}, or why nothing changed, with the
 * session as it now is.
 */
public record TransitionResult(Outcome outcome, SessionSnapshot session) {

	/** Why a state change happened or did not. */
	public enum Outcome {

		/** The change was applied. */
		DONE,
		/** No session has this token or link code. */
		NOT_FOUND,
		/** The session expired before the change. */
		EXPIRED,
		/** The session is already confirmed or used. */
		ALREADY_CONFIRMED,
		/** The session is already cancelled. */
		ALREADY_CANCELLED,
		/** Another Telegram user opened this session first. */
		OTHER_USER,
		/**
		 * The session is pending but not in a state this caller may change: never opened
		 * in the bot, waiting for the phone, or of the other kind of project (sandbox or
		 * live).
		 */
		NOT_ALLOWED

	}

	public boolean done() {
		return this.outcome == Outcome.DONE;
	}

}
