package dev.bondify.system;

/**
 * A feature's part of the one start-up line that says what mode this instance runs in
 * (for example {@code "demo on at http://localhost:8080/"}).
 */
public interface StartupReport {

	/** A short phrase, no secrets. */
	String describe();

}
