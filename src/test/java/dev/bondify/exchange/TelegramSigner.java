package dev.bondify.exchange;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import tools.jackson.databind.json.JsonMapper;

import dev.bondify.support.FakeTelegramLogin;

/**
 * Builds Telegram's signed data the way Telegram does, independently of the code under
 * test: Mini App initData (query_id, a URL-encoded user JSON, auth_date, an Ed25519
 * signature by the stand-in Telegram key, the hash under the bot token), Login Widget
 * fields, and id_tokens of Telegram's OpenID Connect login signed with the keys the fake
 * JWKS publishes.
 */
final class TelegramSigner {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private TelegramSigner() {
	}

	/** A user object as a Mini App receives it. */
	static Map<String, Object> user(long id, String firstName, String lastName, String username) {
		Map<String, Object> user = new LinkedHashMap<>();
		user.put("id", id);
		user.put("first_name", firstName);
		user.put("last_name", lastName);
		user.put("username", username);
		user.put("language_code", "en");
		user.put("allows_write_to_pm", true);
		user.put("photo_url", "https://t.me/i/userpic/320/abc.svg");
		return user;
	}

	/**
	 * initData as a Mini App of {@code botToken}'s bot receives it: signature and hash.
	 */
	static String initData(String botToken, Map<String, Object> user, Instant authDate) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("query_id", "AAH" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
		fields.put("user", JSON.writeValueAsString(user));
		fields.put("auth_date", Long.toString(authDate.getEpochSecond()));
		fields.put("signature", ed25519(botId(botToken) + ":WebAppData\n" + dataCheckString(fields)));
		byte[] secret = hmac("WebAppData".getBytes(StandardCharsets.UTF_8), botToken);
		fields.put("hash", HexFormat.of().formatHex(hmac(secret, dataCheckString(fields))));
		return query(fields);
	}

	/** The query string Telegram writes: {@code %20} for spaces, fields in its order. */
	static String query(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
	}

	/** The fields of the Login Widget for {@code botToken}'s bot, with their hash. */
	static Map<String, Object> widget(String botToken, long id, String firstName, String username, Instant authDate) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("id", id);
		fields.put("first_name", firstName);
		fields.put("username", username);
		fields.put("photo_url", "https://t.me/i/userpic/320/abc.jpg");
		fields.put("auth_date", authDate.getEpochSecond());
		Map<String, String> strings = new LinkedHashMap<>();
		fields.forEach((key, value) -> strings.put(key, String.valueOf(value)));
		byte[] secret = sha256(botToken);
		fields.put("hash", HexFormat.of().formatHex(hmac(secret, dataCheckString(strings))));
		return fields;
	}

	/**
	 * An id_token of Telegram's login for the bot {@code botId}, signed with the fake
	 * JWKS key of {@code algorithm}; {@code customize} may change any claim.
	 */
	static String idToken(String algorithm, long botId, long userId, Instant issuedAt,
			UnaryOperator<JwtBuilder> customize) {
		JwtBuilder builder = Jwts.builder()
			.header()
			.keyId(FakeTelegramLogin.kid(algorithm))
			.and()
			.issuer(FakeTelegramLogin.ISSUER)
			.audience()
			.add(Long.toString(botId))
			.and()
			.subject("pairwise-" + userId)
			.issuedAt(Date.from(issuedAt))
			.expiration(Date.from(issuedAt.plusSeconds(3600)))
			.claim("id", userId)
			.claim("name", "Alex Johnson")
			.claim("preferred_username", "alexj")
			.claim("picture", "https://t.me/i/userpic/320/abc.jpg");
		builder = customize.apply(builder);
		var key = FakeTelegramLogin.get().oidcKeys(algorithm).getPrivate();
		return switch (algorithm) {
			case "RS256" -> builder.signWith(key, Jwts.SIG.RS256).compact();
			case "ES256" -> builder.signWith(key, Jwts.SIG.ES256).compact();
			case "EdDSA" -> builder.signWith(key, Jwts.SIG.EdDSA).compact();
			default -> throw new IllegalArgumentException(algorithm);
		};
	}

	static long botId(String botToken) {
		return Long.parseLong(botToken.substring(0, botToken.indexOf(':')));
	}

	private static String dataCheckString(Map<String, String> fields) {
		return new TreeMap<>(fields).entrySet()
			.stream()
			.map(field -> field.getKey() + "=" + field.getValue())
			.collect(Collectors.joining("\n"));
	}

	private static String ed25519(String message) {
		try {
			Signature signer = Signature.getInstance("Ed25519");
			signer.initSign(FakeTelegramLogin.get().webappKeys().getPrivate());
			signer.update(message.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] hmac(byte[] key, String message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
