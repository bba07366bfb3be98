package dev.bondify.system;

import org.springframework.util.StringUtils;

/**
 * {@code BONDIFY_PUBLIC_URL} ({@code bondify.public-url}), read once: the address users
 * and Telegram reach this service at, without a trailing slash; empty when unset (then
 * links are built from the request).
 *
 * @param value the URL, or {@code ""}
 */
public record PublicUrl(String value) {

	public PublicUrl {
		value = (value != null) ? StringUtils.trimTrailingCharacter(value.trim(), '/') : "";
	}

	/** Whether a public URL is configured. */
	public boolean isSet() {
		return !this.value.isEmpty();
	}

	/** The public URL, or {@code requestBaseUrl} when none is configured. */
	public String orElse(String requestBaseUrl) {
		return isSet() ? this.value : requestBaseUrl;
	}

}
