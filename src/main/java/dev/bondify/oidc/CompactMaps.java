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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

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

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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
		ObjectNode root = NODES.objectNode();
		root.put(MARK, 1);
		try {
			map.forEach((name, value) -> root.set(name, encode(value)));
		}
		catch (Unknown ex) {
			return TYPED.writeValueAsString(map);
		}
		return PLAIN.writeValueAsString(root);
	}

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

	private static JsonNode encode(Object value) {
		return switch (value) {
			case null -> NODES.nullNode();
			case String text -> NODES.stringNode(text);
			case Boolean flag -> NODES.booleanNode(flag);
			case Integer number -> tagged("i", NODES.numberNode(number));
			case Long number -> tagged("l", NODES.numberNode(number));
			// Epoch seconds and nanoseconds: parsing ISO-8601 text costs far more.
			case Instant instant -> tagged("t", NODES.arrayNode().add(instant.getEpochSecond()).add(instant.getNano()));
			case Date date when date.getClass() == Date.class -> tagged("D", NODES.numberNode(date.getTime()));
			case URL url -> tagged("u", NODES.stringNode(url.toExternalForm()));
			case Set<?> set -> tagged("S", array(set));
			case List<?> list -> tagged("L", array(list));
			case String[] texts -> tagged("a", array(List.of(texts)));
			case Map<?, ?> map -> tagged("m", object(map));
			case OAuth2AuthorizationRequest request -> tagged("ar", request(request));
			case UsernamePasswordAuthenticationToken user -> tagged("up", user(user));
			default -> throw new Unknown();
		};
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

	private static ObjectNode tagged(String tag, JsonNode payload) {
		ObjectNode node = NODES.objectNode();
		node.set(tag, payload);
		return node;
	}

	private static ArrayNode array(Collection<?> values) {
		ArrayNode array = NODES.arrayNode();
		values.forEach((value) -> array.add(encode(value)));
		return array;
	}

	private static ObjectNode object(Map<?, ?> map) {
		ObjectNode object = NODES.objectNode();
		map.forEach((name, value) -> {
			if (!(name instanceof String key)) {
				throw new Unknown();
			}
			object.set(key, encode(value));
		});
		return object;
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
	private static ObjectNode request(OAuth2AuthorizationRequest request) {
		if (!AuthorizationGrantType.AUTHORIZATION_CODE.equals(request.getGrantType())
				|| !OAuth2AuthorizationResponseType.CODE.equals(request.getResponseType())) {
			throw new Unknown();
		}
		ObjectNode node = NODES.objectNode();
		node.set("uri", encode(request.getAuthorizationUri()));
		node.set("client", encode(request.getClientId()));
		node.set("redirect", encode(request.getRedirectUri()));
		node.set("scopes", encode(request.getScopes()));
		node.set("state", encode(request.getState()));
		node.set("parameters", encode(request.getAdditionalParameters()));
		node.set("attributes", encode(request.getAttributes()));
		node.set("request", encode(request.getAuthorizationRequestUri()));
		return node;
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
	private static ObjectNode user(UsernamePasswordAuthenticationToken user) {
		if (user.getClass() != UsernamePasswordAuthenticationToken.class || !(user.getPrincipal() instanceof String)
				|| user.getCredentials() != null || user.getDetails() != null) {
			throw new Unknown();
		}
		if (!user.isAuthenticated() && !user.getAuthorities().isEmpty()) {
			throw new Unknown();
		}
		ArrayNode authorities = NODES.arrayNode();
		for (GrantedAuthority authority : user.getAuthorities()) {
			ObjectNode granted = NODES.objectNode();
			if (authority instanceof FactorGrantedAuthority factor) {
				granted.put("factor", factor.getAuthority());
				granted.set("at", encode(factor.getIssuedAt()));
			}
			else if (authority.getClass() == SimpleGrantedAuthority.class) {
				granted.put("authority", authority.getAuthority());
			}
			else {
				throw new Unknown();
			}
			authorities.add(granted);
		}
		ObjectNode node = NODES.objectNode();
		node.put("name", (String) user.getPrincipal());
		node.put("authenticated", user.isAuthenticated());
		node.set("authorities", authorities);
		return node;
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
