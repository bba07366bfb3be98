package dev.bondify.oidc;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponseType;

/**
 * The text of an authorization's attributes and token metadata columns: a compact,
 * untyped JSON object for the shapes Bondify stores (strings, booleans, numbers,
 * instants, dates, URLs, lists, sets, maps, the code flow's authorization request and the
 * signed-in principal), read back without Jackson's default typing; anything else is
 * written, and any text without the compact mark is read, as Spring Authorization
 * Server's own typed JSON, so rows written before stay readable.
 */
final class CompactMaps {

	/** The first member of every compact object (and its format version). */
	static final String MARK = "~bondify";

	private static final String PREFIX = "{\"" + MARK + "\":1";

	private static final JsonMapper PLAIN = JsonMapper.builder().build();

	/** Spring Authorization Server's own mapper (7.1): security modules, typed. */
	private static final JsonMapper TYPED = JsonMapper.builder()
		.addModules(SecurityJacksonModules.getModules(CompactMaps.class.getClassLoader()))
		.build();

	private CompactMaps() {
	}

	/**
	 * The column text of a map: compact when every value has a known shape and no key is
	 * the mark (which the compact object holds itself: such a map is written typed).
	 */
	static String write(Map<String, Object> map) {
		if (map.containsKey(MARK)) {
			return TYPED.writeValueAsString(map);
		}
		Text text = new Text();
		text.out.append(PREFIX);
		try {
			map.forEach((name, value) -> {
				text.out.append(',').name(name);
				text.value(value);
			});
		}
		catch (Unknown ex) {
			return TYPED.writeValueAsString(map);
		}
		return text.out.append('}').toString();
	}

	/**
	 * The compact text of values, written straight out (no tree, no serialiser: this was
	 * a twentieth of a token request's work), escaped as Jackson escapes; read back by
	 * Jackson like any JSON. Each value is its text, boolean or null, or an object of one
	 * member whose name tags the type ({@link #decode}).
	 */
	private static final class Text {

		private final Out out = new Out();

		void value(Object value) {
			switch (value) {
				case null -> this.out.append("null");
				case String text -> this.out.string(text);
				case Boolean flag -> this.out.append(flag.toString());
				case Integer number -> tag("i").append(number.toString()).append('}');
				case Long number -> tag("l").append(number.toString()).append('}');
				case Instant instant -> tag("t").append('[')
					.append(Long.toString(instant.getEpochSecond()))
					.append(',')
					.append(Integer.toString(instant.getNano()))
					.append("]}");
				case Date date when date.getClass() == Date.class ->
					tag("D").append(Long.toString(date.getTime())).append('}');
				case URL url -> {
					tag("u").string(url.toExternalForm());
					this.out.append('}');
				}
				case Set<?> set -> array("S", set);
				case List<?> list -> array("L", list);
				case String[] texts -> array("a", List.of(texts));
				case Map<?, ?> map -> {
					tag("m");
					object(map);
					this.out.append('}');
				}
				case OAuth2AuthorizationRequest request -> {
					tag("ar");
					request(request);
					this.out.append('}');
				}
				case UsernamePasswordAuthenticationToken user -> {
					tag("up");
					user(user);
					this.out.append('}');
				}
				default -> throw new Unknown();
			}
		}

		private Out tag(String tag) {
			return this.out.append('{').name(tag);
		}

		private void array(String tag, Collection<?> values) {
			tag(tag).append('[');
			boolean next = false;
			for (Object value : values) {
				if (next) {
					this.out.append(',');
				}
				next = true;
				value(value);
			}
			this.out.append("]}");
		}

		private void object(Map<?, ?> map) {
			this.out.append('{');
			boolean next = false;
			for (Map.Entry<?, ?> member : map.entrySet()) {
				if (!(member.getKey() instanceof String key)) {
					throw new Unknown();
				}
				if (next) {
					this.out.append(',');
				}
				next = true;
				this.out.name(key);
				value(member.getValue());
			}
			this.out.append('}');
		}

		private void member(String name, Object value, boolean first) {
			if (!first) {
				this.out.append(',');
			}
			this.out.name(name);
			value(value);
		}

		private void request(OAuth2AuthorizationRequest request) {
			checkRequest(request);
			this.out.append('{');
			member("uri", request.getAuthorizationUri(), true);
			member("client", request.getClientId(), false);
			member("redirect", request.getRedirectUri(), false);
			member("scopes", request.getScopes(), false);
			member("state", request.getState(), false);
			member("parameters", request.getAdditionalParameters(), false);
			member("attributes", request.getAttributes(), false);
			member("request", request.getAuthorizationRequestUri(), false);
			this.out.append('}');
		}

		private void user(UsernamePasswordAuthenticationToken user) {
			checkUser(user);
			this.out.append('{').name("name").string((String) user.getPrincipal());
			this.out.append(',').name("authenticated").append(Boolean.toString(user.isAuthenticated()));
			this.out.append(',').name("authorities").append('[');
			boolean next = false;
			for (GrantedAuthority authority : user.getAuthorities()) {
				if (next) {
					this.out.append(',');
				}
				next = true;
				if (authority instanceof FactorGrantedAuthority factor) {
					this.out.append('{').name("factor").string(factor.getAuthority());
					this.out.append(',').name("at");
					value(factor.getIssuedAt());
					this.out.append('}');
				}
				else {
					this.out.append('{').name("authority").string(authority.getAuthority()).append('}');
				}
			}
			this.out.append("]}");
		}

	}

	/** JSON text: strings escaped as Jackson escapes them. */
	private static final class Out {

		private final StringBuilder text = new StringBuilder(512);

		Out append(String value) {
			this.text.append(value);
			return this;
		}

		Out append(char value) {
			this.text.append(value);
			return this;
		}

		Out name(String name) {
			return string(name).append(':');
		}

		Out string(String value) {
			this.text.append('"');
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				switch (c) {
					case '"' -> this.text.append("\\\"");
					case '\\' -> this.text.append("\\\\");
					case '\n' -> this.text.append("\\n");
					case '\r' -> this.text.append("\\r");
					case '\t' -> this.text.append("\\t");
					case '\b' -> this.text.append("\\b");
					case '\f' -> this.text.append("\\f");
					default -> {
						if (c < 0x20) {
							this.text.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
						}
						else {
							this.text.append(c);
						}
					}
				}
			}
			this.text.append('"');
			return this;
		}

		@Override
		public String toString() {
			return this.text.toString();
		}

	}

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	/** The map of a column's text, whichever format it carries (null: empty). */
	static Map<String, Object> read(String text) {
		if (text == null) {
			return Map.of();
		}
		if (!isCompact(text)) {
			return TYPED.readValue(text,
					TYPED.getTypeFactory().constructType(new ParameterizedTypeReference<Map<String, Object>>() {
					}.getType()));
		}
		Map<String, Object> map = new LinkedHashMap<>();
		try {
			PLAIN.readTree(text).properties().forEach((member) -> {
				if (!MARK.equals(member.getKey())) {
					map.put(member.getKey(), decode(member.getValue()));
				}
			});
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("A damaged compact authorization column", ex);
		}
		return map;
	}

	static boolean isCompact(String text) {
		return text != null && text.startsWith(PREFIX);
	}

	private static Object decode(JsonNode node) {
		if (node.isNull()) {
			return null;
		}
		if (node.isString()) {
			return node.asString();
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (!node.isObject() || node.size() != 1) {
			throw new IllegalArgumentException("Not a compact authorization value: " + node.getNodeType());
		}
		Map.Entry<String, JsonNode> tagged = node.properties().iterator().next();
		JsonNode payload = tagged.getValue();
		return switch (tagged.getKey()) {
			case "i" -> payload.intValue();
			case "l" -> payload.longValue();
			case "t" -> Instant.ofEpochSecond(payload.get(0).longValue(), payload.get(1).intValue());
			case "D" -> new Date(payload.longValue());
			case "u" -> url(payload.asString());
			case "S" -> Collections.unmodifiableSet(new LinkedHashSet<>(list(payload)));
			case "L" -> Collections.unmodifiableList(list(payload));
			case "a" -> list(payload).toArray(new String[0]);
			case "m" -> Collections.unmodifiableMap(map(payload));
			case "ar" -> request(payload);
			case "up" -> user(payload);
			default -> throw new IllegalArgumentException("Unknown compact tag " + tagged.getKey());
		};
	}

	private static List<Object> list(JsonNode array) {
		List<Object> values = new ArrayList<>(array.size());
		array.forEach((value) -> values.add(decode(value)));
		return values;
	}

	private static Map<String, Object> map(JsonNode object) {
		Map<String, Object> map = new LinkedHashMap<>();
		object.properties().forEach((member) -> map.put(member.getKey(), decode(member.getValue())));
		return map;
	}

	@SuppressWarnings("unchecked")
	private static <T> T decoded(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value != null) ? (T) decode(value) : null;
	}

	/** The code flow's request (the only grant whose request we store). */
	private static void checkRequest(OAuth2AuthorizationRequest request) {
		if (!AuthorizationGrantType.AUTHORIZATION_CODE.equals(request.getGrantType())
				|| !OAuth2AuthorizationResponseType.CODE.equals(request.getResponseType())) {
			throw new Unknown();
		}
	}

	private static OAuth2AuthorizationRequest request(JsonNode node) {
		OAuth2AuthorizationRequest.Builder request = OAuth2AuthorizationRequest.authorizationCode();
		request.authorizationUri(decoded(node, "uri"));
		request.clientId(decoded(node, "client"));
		request.redirectUri(decoded(node, "redirect"));
		request.scopes(decoded(node, "scopes"));
		request.state(decoded(node, "state"));
		request.additionalParameters(CompactMaps.<Map<String, Object>>decoded(node, "parameters"));
		request.attributes(CompactMaps.<Map<String, Object>>decoded(node, "attributes"));
		request.authorizationRequestUri(CompactMaps.<String>decoded(node, "request"));
		return request.build();
	}

	/**
	 * A signed-in user: a name, authorities and nothing else (no credentials, no
	 * details).
	 */
	private static void checkUser(UsernamePasswordAuthenticationToken user) {
		if (user.getClass() != UsernamePasswordAuthenticationToken.class || !(user.getPrincipal() instanceof String)
				|| user.getCredentials() != null || user.getDetails() != null) {
			throw new Unknown();
		}
		if (!user.isAuthenticated() && !user.getAuthorities().isEmpty()) {
			throw new Unknown();
		}
		for (GrantedAuthority authority : user.getAuthorities()) {
			if (!(authority instanceof FactorGrantedAuthority)
					&& authority.getClass() != SimpleGrantedAuthority.class) {
				throw new Unknown();
			}
		}
	}

	private static UsernamePasswordAuthenticationToken user(JsonNode node) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		node.get("authorities").forEach((granted) -> {
			if (granted.has("factor")) {
				FactorGrantedAuthority.Builder factor = FactorGrantedAuthority
					.withAuthority(granted.get("factor").asString());
				Instant at = decoded(granted, "at");
				if (at != null) {
					factor.issuedAt(at);
				}
				authorities.add(factor.build());
			}
			else {
				authorities.add(new SimpleGrantedAuthority(granted.get("authority").asString()));
			}
		});
		String name = node.get("name").asString();
		return node.get("authenticated").booleanValue()
				? UsernamePasswordAuthenticationToken.authenticated(name, null, authorities)
				: UsernamePasswordAuthenticationToken.unauthenticated(name, null);
	}

	private static URL url(String text) {
		try {
			return URI.create(text).toURL();
		}
		catch (MalformedURLException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("Not a URL in an authorization", ex);
		}
	}

	/** A value of a shape the compact format does not know. */
	private static final class Unknown extends RuntimeException {

		Unknown() {
			super(null, null, false, false);
		}

	}

}
