package dev.bondify.exchange;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.TextRules;

/**
 * What Telegram's signed data formats share: the data-check string, HMAC-SHA-256, the
 * freshness rule and the canonical hash that makes a datum usable once.
 */
final class TelegramData {

	private static final int MAX_NAME = 256;

	private static final int MAX_USERNAME = 64;

	private TelegramData() {
	}

	/**
	 * Every field except {@code excluded}, sorted by key, as {@code key=value} lines
	 * joined by a line feed (Telegram's "data-check-string").
	 */
	static String dataCheckString(Map<String, String> fields, Set<String> excluded) {
		return new TreeMap<>(fields).entrySet()
			.stream()
			.filter(field -> !excluded.contains(field.getKey()))
			.map(field -> field.getKey() + "=" + field.getValue())
			.collect(Collectors.joining("\n"));
	}

	static byte[] hmacSha256(byte[] key, byte[] message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(message);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	static byte[] sha256(byte[] message) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(message);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Whether {@code hash} (hex, either case) is the HMAC-SHA-256 of the data-check
	 * string under {@code secret}, compared in constant time.
	 */
	static boolean hashMatches(String hash, byte[] secret, String dataCheckString) {
		byte[] expected = hmacSha256(secret, utf8(dataCheckString));
		byte[] given;
		try {
			given = HexFormat.of().parseHex(hash);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return MessageDigest.isEqual(expected, given);
	}

	/** Epoch seconds as Telegram writes {@code auth_date}. */
	static Instant epochSeconds(String field, String value) {
		if (value == null) {
			throw malformed("The data carries no " + field + ".");
		}
		try {
			return Instant.ofEpochSecond(Long.parseLong(value));
		}
		catch (NumberFormatException | java.time.DateTimeException ex) {
			throw malformed(field + " must be a Unix time in seconds.");
		}
	}

	/**
	 * Refuses data issued more than {@code maxAge} ago, or later than a small clock skew
	 * from now: a stolen datum is useful only briefly.
	 */
	static void requireFresh(Instant issuedAt, Instant now, Duration maxAge) {
		if (issuedAt.isBefore(now.minus(maxAge))) {
			throw refused("The Telegram data is too old; sign in again.");
		}
		if (issuedAt.isAfter(now.plus(ExchangeProperties.CLOCK_SKEW))) {
			throw refused("The Telegram data is dated in the future.");
		}
	}

	/** SHA-256 over the method, the bot id and the datum's canonical form. */
	static byte[] datumHash(String method, long botId, byte[] canonical) {
		byte[] prefix = utf8(method + "\n" + botId + "\n");
		byte[] all = new byte[prefix.length + canonical.length];
		System.arraycopy(prefix, 0, all, 0, prefix.length);
		System.arraycopy(canonical, 0, all, prefix.length, canonical.length);
		return sha256(all);
	}

	/** A Telegram user id: a positive integer. */
	static long userId(String value) {
		try {
			long id = Long.parseLong(value);
			if (id > 0) {
				return id;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw malformed("The Telegram user id must be a positive integer.");
	}

	/**
	 * The display name (first and last name) as the bot flow composes it; printable and
	 * bounded like every stored name.
	 */
	static String name(String firstName, String lastName) {
		String first = (firstName != null) ? firstName.strip() : "";
		String last = (lastName != null) ? lastName.strip() : "";
		String name = (first + " " + last).strip();
		if (name.isEmpty()) {
			throw malformed("The Telegram user has no name.");
		}
		requirePrintable(name);
		return (name.codePointCount(0, name.length()) <= MAX_NAME) ? name
				: name.substring(0, name.offsetByCodePoints(0, MAX_NAME));
	}

	/** A username without {@code @}, or null. */
	static String username(String username) {
		if (username == null || username.isBlank()) {
			return null;
		}
		String bare = username.startsWith("@") ? username.substring(1) : username;
		if (bare.length() > MAX_USERNAME || !bare.matches("[A-Za-z0-9_]+")) {
			throw malformed("The Telegram username is not valid.");
		}
		return bare;
	}

	static void requirePrintable(String text) {
		if (!TextRules.isAcceptable(text)) {
			throw malformed(TextRules.MESSAGE);
		}
	}

	static ApiException malformed(String sentence) {
		return new ApiException(ErrorCode.INVALID_REQUEST, sentence);
	}

	static ApiException refused(String sentence) {
		return new ApiException(ErrorCode.UNAUTHORIZED, sentence);
	}

}
