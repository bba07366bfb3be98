package dev.bondify.system;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The vocabulary of the generated bad-input test: hostile strings, wrong-typed and
 * out-of-range JSON values, malformed bodies, forged cursors, odd headers. Every value is
 * picked from a seeded {@link Random}, so a run is reproducible from its seed.
 */
final class HostileInputs {

	private HostileInputs() {
	}

	/** Strings as Java text; JSON encoding happens with {@link #jsonString}. */
	static final List<String> STRINGS = List.of("\u0000", "a\u0000b", "proj_\u0000abcdefgh", "\u0001\u0002\u0003",
			"\u001b[31mred", "line\u000bbreak", "\u007f", "\u0085next", "\u009b", "\ud800", "\udfff", "x\ud800y",
			"\udc00\ud800", "😀", "\ud83d\ude00\ud83d", "ÅΩ漢字", "\u202eevil", "\ufeffbom", "\uffff", "\ufffe",
			"' OR '1'='1", "'; drop table projects; --", "\"", "\\", "%00", "%s%s%n", "${jndi:ldap://127.0.0.1/x}",
			"<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "../../etc/passwd", "..\\..\\windows", "", " ",
			"\t", "\r\n", "null", "true", "0", "-1", "1e309", "NaN", "proj_", "sess_", "sk_live_", "proj_AAAAAAAA",
			"sess_" + "A".repeat(43), "sk_live_" + "A".repeat(43), "x".repeat(10_240), "ü".repeat(6_000),
			"😀".repeat(3_000), "a@b", "@", "a".repeat(300) + "@example.com", "https://127.0.0.1:1/hook",
			"javascript:alert(1)", "http://[::1", "https://", "ftp://x", "https://exa mple.com",
			"+10000-01-01T00:00:00Z", "99999-12-31", "1970-01-01T00:00:00Z");

	static final List<String> WRONG_JSON_VALUES = List.of("1", "-1", "1.5", "true", "false", "null", "[]", "[1]",
			"[null]", "[{}]", "{}", "{\"a\":1}", "\"\"", "\"x\"", "[\"a\",1]", "[[\"a\"]]");

	static final List<String> OUT_OF_RANGE_NUMBERS = List.of("9223372036854775808", "-9223372036854775809",
			"123456789012345678901234567890", "1e400", "-1e400", "1.0e-400", "-0", "-0.0", "0", "-1", "26",
			"2147483648", "-2147483649", "1.5", "1E2", "0x10", "00", "01", "+1", "Infinity", "NaN");

	static final List<String> MALFORMED_BODIES = List.of("", " ", "{", "}", "[]", "[{}]", "null", "\"str\"", "42",
			"true", "{\"a\":}", "{'a':1}", "{\"a\":1,}", "{\"a\" 1}", "{}{}", "{} trailing", "{\"a\":1}}",
			"{\"a\":\"unterminated}", "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\ud800\"}", "{\"a\":NaN}",
			"{\"a\":Infinity}", "/* c */ {}", "{\"a\":1 // c\n}", "\ufeff{}", "[" + "[".repeat(5000),
			"{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}", "{\"a\":1, \"a\":2}", "\u0000", "{\u0000}",
			"{\"\u0000\":1}", "<xml/>", "a=b&c=d", "--boundary\r\n");

	static final List<String> CONTENT_TYPES = List.of("text/plain", "text/plain; charset=UTF-8",
			"application/x-www-form-urlencoded", "application/xml", "text/html", "application/octet-stream",
			"image/png", "*/*", "application/*", "application", "json", "application/json-patch+json",
			"application/vnd.api+json", "application/json; charset=", "application/json; charset=\"",
			"application/json;;", "; charset=UTF-8", "application/json; charset=ISO-8859-1",
			"application/json; charset=nope", "application/json; boundary=x");

	static final List<String> ACCEPTS = List.of("text/plain", "text/html", "image/png", "image/svg+xml",
			"application/xml", "application/json;q=0", "*/*;q=0", "garbage", "application/json;q=abc", "text/*",
			"application/x-foo, text/csv", ";;;", "", "*/*", "application/json, */*;q=0.1");

	static final List<String> STANDARD_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

	static final List<String> UNKNOWN_METHODS = List.of("PROPFIND", "FOO", "TRACE", "MKCOL", "LOCK", "PURGE");

	/** Percent-encoded sequences that do not decode to valid UTF-8 text. */
	static final List<String> BROKEN_ENCODINGS = List.of("%ZZ", "%", "%4", "%C0%AF", "%C0%80", "%E0%80%AF", "%ED%A0%80",
			"%FF", "%F8%88%80%80%80", "%2F", "%5C", "%00", "%2e%2e", "%%30%30", "%u0041");

	static final List<String> BAD_AUTHORIZATIONS = List.of("Bearer", "Bearer ", "Bearer  ", "Basic dXNlcjpwYXNz",
			"bearer sk_live_" + "A".repeat(43), "Bearer sk_live_" + "A".repeat(43), "Bearer sk_test_short",
			"Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.AAAA",
			"Bearer " + "x".repeat(7000), "Bearer ' OR 1=1 --", "Bearer ü", "Token abc", "Bearer a b c");

	static final List<String> HOSTILE_HEADER_VALUES = List.of("x".repeat(4000), "' OR 1=1 --",
			"<script>alert(1)</script>", "null", "http://", "https://evil.example", "*", "http://[::1",
			"https://exa mple.com", "file://x", "ü" + "x".repeat(600));

	/**
	 * What no header may carry: C0, DEL and C1 controls as UTF-8, and raw bytes that are
	 * a C1 control as Tomcat reads them (0x85), not UTF-8 (0xFF, an overlong or truncated
	 * sequence) or an encoded lone surrogate.
	 */
	static final List<String> CONTROL_HEADER_PARTS = List.of("\u0085", "\u0001", "\u001b[31m", "\u007f", "\u009b",
			"" + FuzzHttp.rawByte(0x85), "" + FuzzHttp.rawByte(0x9B), "" + FuzzHttp.rawByte(0xFF),
			"" + FuzzHttp.rawByte(0xC0) + FuzzHttp.rawByte(0xAF), "" + FuzzHttp.rawByte(0xE2) + FuzzHttp.rawByte(0x82),
			"" + FuzzHttp.rawByte(0xED) + FuzzHttp.rawByte(0xA0) + FuzzHttp.rawByte(0x80));

	static final List<String> CONTROL_HEADER_NAMES = List.of("Origin", "User-Agent", "Authorization",
			"X-Telegram-Bot-Api-Secret-Token", "X-Forwarded-For", "Referer", "Cookie", "Accept-Language",
			"X-Custom-Header");

	static final List<String> FORWARDED_FOR = List.of("1.2.3.4:5678", "[::1]:80", "999.1.1.1", "junk", "1.2.3",
			"::ffff:1.2.3.4", "1.2.3.4, junk", ",,,", "unknown", "[::1", "2001:db8::1%eth0", "1.2.3.4 5.6.7.8");

	static <T> T pick(Random random, List<T> values) {
		return values.get(random.nextInt(values.size()));
	}

	static String hostileString(Random random) {
		return pick(random, STRINGS);
	}

	/**
	 * Forged session-list cursors: what the real encoder would produce, with timestamps,
	 * nanos and ids nobody produced.
	 */
	static String forgedCursor(Random random) {
		String id = UUID.nameUUIDFromBytes(Long.toString(random.nextLong()).getBytes(StandardCharsets.UTF_8))
			.toString();
		List<String> raws = List.of("99999999999999.0." + id, "-99999999999999.0." + id, "253402300800.0." + id,
				"-62135596801.0." + id, "-1.0." + id, "9223372036854775807.0." + id, "-9223372036854775808.0." + id,
				"9223372036854775808.0." + id, "0.-1." + id, "0.1000000000." + id, "1.2." + id.toUpperCase(),
				"1.2.not-a-uuid", "1.2", "1.2.3.4", "..", "+1.+2." + id, "1.2." + id + "\u0000", "\u0000",
				"1700000000.0." + id, "1." + "9".repeat(30) + "." + id);
		String raw = pick(random, raws);
		int style = random.nextInt(4);
		return switch (style) {
			case 0 -> Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
			case 1 -> Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
			case 2 -> raw;
			default -> pick(random, List.of("!!!", "====", "a", "A".repeat(201), "%%%", "_-_-", "AAAA"));
		};
	}

	/**
	 * A JSON string literal; NUL, controls and lone surrogates become {@code \\uXXXX}.
	 */
	static String jsonString(String value) {
		StringBuilder out = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c)) {
				if (Character.isHighSurrogate(c) && i + 1 < value.length()
						&& Character.isLowSurrogate(value.charAt(i + 1))) {
					out.append(c).append(value.charAt(++i));
				}
				else {
					out.append(String.format("\\u%04x", (int) c));
				}
			}
			else {
				out.append(c);
			}
		}
		return out.append('"').toString();
	}

	/**
	 * Percent-encodes every byte outside the unreserved set; a lone surrogate becomes the
	 * (invalid) three bytes of its code unit, as a careless client would send it.
	 */
	static String percentEncode(String value) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			byte[] bytes;
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				bytes = value.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
				i++;
			}
			else if (Character.isSurrogate(c)) {
				bytes = new byte[] { (byte) (0xE0 | (c >> 12)), (byte) (0x80 | ((c >> 6) & 0x3F)),
						(byte) (0x80 | (c & 0x3F)) };
			}
			else {
				bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
			}
			for (byte b : bytes) {
				int v = b & 0xff;
				if ((v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') || (v >= '0' && v <= '9') || v == '-' || v == '_'
						|| v == '.' || v == '~') {
					out.append((char) v);
				}
				else {
					out.append('%').append(String.format("%02X", v));
				}
			}
		}
		return out.toString();
	}

}
