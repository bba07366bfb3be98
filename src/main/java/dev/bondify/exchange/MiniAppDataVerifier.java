package dev.bondify.exchange;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Checks a Mini App's raw {@code Telegram.WebApp.initData} for the bot that serves the
 * project: its {@code hash} (HMAC-SHA-256 under {@code HMAC-SHA256("WebAppData", bot
 * token)}), or its {@code signature} (Ed25519 by Telegram over
 * {@code "<bot id>:WebAppData\n"} and the fields except {@code hash} and
 * {@code signature}), as <a href=
 * "https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app">Telegram
 * documents</a> (and <a href=
 * "https://core.telegram.org/bots/webapps#validating-data-for-third-party-use">for third
 * parties</a>).
 */
@Component
class MiniAppDataVerifier {

	static final String SOURCE = "webapp";

	/**
	 * The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410) before the raw key.
	 */
	private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<PublicKey> telegramKeys;

	private final Duration maxAge;

	private final Clock clock;

	/**
	 * The secret key of the last bot token seen: most data come for the deployment's bot,
	 * so its key is derived once rather than per request.
	 */
	private volatile WebAppKey lastKey;

	MiniAppDataVerifier(ExchangeProperties properties, Clock clock) {
		this.telegramKeys = properties.webappPublicKeys().stream().map(MiniAppDataVerifier::ed25519).toList();
		this.maxAge = properties.maxAge();
		this.clock = clock;
	}

	VerifiedLogin verify(String initData, ServingBot bot) {
		Map<String, String> fields = parse(initData);
		String hash = fields.get("hash");
		String signature = fields.get("signature");
		if (hash == null && signature == null) {
			throw TelegramData.malformed("initData carries neither hash nor signature.");
		}
		Instant authDate = TelegramData.epochSeconds("auth_date", fields.get("auth_date"));
		JsonNode user = user(fields.get("user"));
		String signedByTelegram = TelegramData.dataCheckString(fields, Set.of("hash", "signature"));
		// Without a signature field both data-check strings are the same.
		boolean valid = (hash != null && bot.token() != null
				&& TelegramData.hashMatches(hash, webAppKey(bot.token()),
						(signature != null) ? TelegramData.dataCheckString(fields, Set.of("hash")) : signedByTelegram))
				|| (signature != null && signatureMatches(signature, bot.id() + ":WebAppData\n" + signedByTelegram));
		if (!valid) {
			throw TelegramData.refused("initData is not signed by Telegram for the bot of this project.");
		}
		TelegramData.requireFresh(authDate, this.clock.instant(), this.maxAge);
		return new VerifiedLogin(SOURCE, TelegramData.userId(text(user, "id")),
				TelegramData.name(text(user, "first_name"), text(user, "last_name")),
				TelegramData.username(text(user, "username")), null, authDate,
				TelegramData.datumHash(SOURCE, bot.id(), TelegramData.utf8(signedByTelegram)));
	}

	/** {@code HMAC-SHA256("WebAppData", token)}, the key of a Mini App's hash. */
	private byte[] webAppKey(String token) {
		WebAppKey known = this.lastKey;
		if (known != null && known.token.equals(token)) {
			return known.key;
		}
		byte[] key = TelegramData.hmacSha256(TelegramData.utf8("WebAppData"), TelegramData.utf8(token));
		this.lastKey = new WebAppKey(token, key);
		return key;
	}

	/**
	 * The fields of a query string, URL-decoded; a repeated or empty key, a pair without
	 * {@code =} or a bad percent-escape makes the data malformed.
	 */
	static Map<String, String> parse(String initData) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String pair : initData.split("&", -1)) {
			int equals = pair.indexOf('=');
			if (equals <= 0) {
				throw TelegramData.malformed("initData must be the raw query string of Telegram.WebApp.initData.");
			}
			String key;
			String value;
			try {
				key = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
				value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				throw TelegramData.malformed("initData has a malformed percent-escape.");
			}
			TelegramData.requirePrintable(key);
			TelegramData.requirePrintable(value);
			if (fields.putIfAbsent(key, value) != null) {
				throw TelegramData
					.malformed("initData repeats the field " + key.replaceAll("[^A-Za-z0-9_]", "?") + ".");
			}
		}
		return fields;
	}

	private boolean signatureMatches(String signature, String message) {
		byte[] bytes;
		try {
			bytes = Base64.getUrlDecoder().decode(signature);
		}
		catch (IllegalArgumentException ex) {
			throw TelegramData.malformed("initData's signature is not base64url.");
		}
		for (PublicKey key : this.telegramKeys) {
			try {
				Signature verifier = Signature.getInstance("Ed25519");
				verifier.initVerify(key);
				verifier.update(TelegramData.utf8(message));
				if (verifier.verify(bytes)) {
					return true;
				}
			}
			catch (GeneralSecurityException ex) {
				// A signature of the wrong length: not Telegram's.
			}
		}
		return false;
	}

	private static JsonNode user(String json) {
		if (json == null) {
			throw TelegramData.malformed("initData carries no user.");
		}
		try {
			JsonNode user = JSON.readTree(json);
			if (user != null && user.isObject()) {
				return user;
			}
		}
		catch (JacksonException ex) {
			// answered below
		}
		throw TelegramData.malformed("initData's user must be a JSON object.");
	}

	private static String text(JsonNode object, String field) {
		JsonNode value = object.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isString() || value.isIntegralNumber()) {
			return value.asString();
		}
		throw TelegramData.malformed("initData's user." + field + " has the wrong type.");
	}

	/** A raw Ed25519 public key, 32 bytes in hex. */
	static PublicKey ed25519(String hex) {
		byte[] raw = HexFormat.of().parseHex(hex.strip());
		byte[] der = new byte[ED25519_SPKI_PREFIX.length + raw.length];
		System.arraycopy(ED25519_SPKI_PREFIX, 0, der, 0, ED25519_SPKI_PREFIX.length);
		System.arraycopy(raw, 0, der, ED25519_SPKI_PREFIX.length, raw.length);
		try {
			return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("Not an Ed25519 public key: " + hex, ex);
		}
	}

	/**
	 * A bot token and the Mini App key derived from it (a class, not a record, so that no
	 * generated {@code toString} can print the token).
	 */
	private static final class WebAppKey {

		private final String token;

		private final byte[] key;

		WebAppKey(String token, byte[] key) {
			this.token = token;
			this.key = key;
		}

	}

}
