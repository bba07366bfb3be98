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

	private static final Pattern BOT_TOKEN = Pattern.compile("[1-9][0-9]{0,18}:[A-Za-z0-9_-]{20,100}");

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
	 * A {@code bot_token} as BotFather gives it ({@code <digits>:<letters>}): the shape
	 * is checked here, the token itself by Telegram's {@code getMe}. The sentence never
	 * repeats the value.
	 */
	static String botToken(String botToken) {
		String trimmed = botToken.strip();
		if (!BOT_TOKEN.matcher(trimmed).matches()) {
			throw invalid("bot_token must be the token BotFather gave you, like 123456789:AAE… (the bot's id, a colon,"
					+ " then letters, digits, _ and -); send null to remove the project's own bot.");
		}
		return trimmed;
	}

	/**
	 * {@code HS256} or {@code ES256} exactly; anything else (another algorithm, another
	 * spelling, null) is refused without repeating the value.
	 */
	static String proofAlg(String proofAlg) {
		if (!Project.PROOF_ALG_HS256.equals(proofAlg) && !Project.PROOF_ALG_ES256.equals(proofAlg)) {
			throw invalid("proof_alg must be \"HS256\" (proofs signed with the secret key) or \"ES256\""
					+ " (proofs signed with the provider's keys, verifiable through /oauth2/jwks).");
		}
		return proofAlg;
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
