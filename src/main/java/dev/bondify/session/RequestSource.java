package dev.bondify.session;

/**
 * Where a generate request came from, recorded for the bot's anti-phishing text and the
 * logs.
 */
public record RequestSource(String origin, String clientIp, String userAgent) {

	public RequestSource {
		origin = truncate(origin, 255);
		clientIp = truncate(clientIp, 45);
		userAgent = truncate(userAgent, 512);
	}

	private static String truncate(String value, int max) {
		if (value == null || value.isBlank()) {
			return null;
		}
		return (value.length() <= max) ? value : value.substring(0, max);
	}

}
