package dev.bondify.project;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * Validates and normalises the editable project settings shared by create and patch.
 */
final class ProjectSettings {

	static final int MAX_NAME = ProjectNames.MAX_LENGTH;

	static final int MAX_ORIGINS = 50;

	private static final Pattern ORIGIN = Pattern.compile(
			"(https?)://([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\\[[0-9a-f:.]+\\])(?::(\\d{1,5}))?");

	private ProjectSettings() {
	}

	/**
	 * The trimmed name: 1–100 characters of one line of printable text (see
	 * {@link ProjectNames}).
	 */
	static String name(String name) {
		if (name == null) {
			throw invalid("name must be a string of 1 to " + MAX_NAME + " characters.");
		}
		String trimmed = name.strip();
		int length = trimmed.codePointCount(0, trimmed.length());
		if (length < 1 || length > MAX_NAME) {
			throw invalid("name must be a string of 1 to " + MAX_NAME + " characters.");
		}
		if (!ProjectNames.isValid(trimmed)) {
			throw invalid("name must be one line of printable text, without line breaks, control characters"
					+ " or invisible formatting characters.");
		}
		return trimmed;
	}

	/**
	 * The project's own Telegram bot ({@code bot_token}) is not supported yet: a token is
	 * refused rather than silently dropped, so a developer never believes a bot was
	 * saved. {@code null} (no bot) is accepted. The one place the bring-your-own-bot work
	 * replaces.
	 */
	static void botToken(String botToken) {
		if (botToken != null) {
			throw invalid("bot_token is not supported yet: this server signs in through its own configured bot;"
					+ " leave bot_token out or send null.");
		}
	}

	/** null for "no webhook"; otherwise the trimmed URL once the policy accepted it. */
	static String webhookUrl(String url, WebhookUrlPolicy policy) {
		if (url == null || url.isBlank()) {
			return null;
		}
		String trimmed = url.strip();
		policy.check(trimmed);
		return trimmed;
	}

	/** Lower-cased, de-duplicated {@code scheme://host[:port]} entries, at most 50. */
	static List<String> allowedOrigins(List<String> origins) {
		if (origins == null) {
			throw invalid("allowed_origins must be a list of origins.");
		}
		if (origins.size() > MAX_ORIGINS) {
			throw invalid("allowed_origins may hold at most " + MAX_ORIGINS + " origins.");
		}
		Set<String> normalized = new LinkedHashSet<>();
		for (String origin : origins) {
			if (origin == null || origin.length() > 255) {
				throw invalid("allowed_origins entries must be origins like https://app.example.com.");
			}
			String candidate = origin.strip().toLowerCase(Locale.ROOT);
			Matcher matcher = ORIGIN.matcher(candidate);
			if (!matcher.matches() || (matcher.group(3) != null && !validPort(matcher.group(3)))) {
				throw invalid("allowed_origins entries must be scheme://host[:port] without a path or trailing slash: "
						+ abbreviate(origin) + ".");
			}
			normalized.add(candidate);
		}
		return List.copyOf(normalized);
	}

	private static boolean validPort(String port) {
		int value = Integer.parseInt(port);
		return value >= 1 && value <= 65535;
	}

	private static String abbreviate(String value) {
		return (value.length() <= 80) ? value : value.substring(0, 80) + "…";
	}

	static ApiException invalid(String sentence) {
		return new ApiException(ErrorCode.INVALID_REQUEST, sentence);
	}

}
