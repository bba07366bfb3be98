package dev.bondify.project;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.springframework.stereotype.Component;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * Syntax only: an absolute {@code http(s)} URL with a host and no credentials, at most 2048 characters.
 */
@Component
class BasicWebhookUrlPolicy implements WebhookUrlPolicy {

	static final int MAX_LENGTH = 2048;

	@Override
	public void check(String url) {
		if (url.length() > MAX_LENGTH) {
			throw invalid("webhook_url must be at most " + MAX_LENGTH + " characters.");
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw invalid("webhook_url must be an absolute http(s) URL.");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
				|| uri.getHost().isEmpty()) {
			throw invalid("webhook_url must be an absolute http(s) URL.");
		}
		if (uri.getRawUserInfo() != null) {
			throw invalid("webhook_url must not contain credentials.");
		}
	}

	private static ApiException invalid(String sentence) {
		return new ApiException(ErrorCode.INVALID_REQUEST, sentence);
	}

}
