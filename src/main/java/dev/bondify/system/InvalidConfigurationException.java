package dev.bondify.system;

/**
 * A setting is missing or invalid; start-up stops and prints this exception's message as
 * one sentence.
 */
public class InvalidConfigurationException extends RuntimeException {

	public InvalidConfigurationException(String sentence) {
		super(sentence);
	}

}
