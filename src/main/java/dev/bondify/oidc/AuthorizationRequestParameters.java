package dev.bondify.oidc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

import dev.bondify.system.RandomTokens;

/**
 * The parameters of one authorization request, without the sign-in page's {@code ticket},
 * and their fingerprint: a ticket only continues the exact request (client, redirect URI,
 * scopes, state, nonce, PKCE challenge) its sign-in page was shown for.
 */
final class AuthorizationRequestParameters {

	static final String TICKET = "ticket";

	private final MultiValueMap<String, String> parameters;

	private AuthorizationRequestParameters(MultiValueMap<String, String> parameters) {
		this.parameters = parameters;
	}

	static AuthorizationRequestParameters of(HttpServletRequest request) {
		return ofQuery(request.getQueryString());
	}

	/** From a raw query string ({@code a=b&c=d}, with or without a leading {@code ?}). */
	static AuthorizationRequestParameters ofQuery(String query) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		if (query != null && !query.isEmpty()) {
			String raw = query.startsWith("?") ? query.substring(1) : query;
			UriComponentsBuilder.newInstance()
				.query(raw)
				.build()
				.getQueryParams()
				.forEach((name, values) -> values
					.forEach((value) -> parameters.add(decode(name), (value != null) ? decode(value) : "")));
		}
		parameters.remove(TICKET);
		return new AuthorizationRequestParameters(parameters);
	}

	String first(String name) {
		return this.parameters.getFirst(name);
	}

	/** SHA-256 of the parameters in a canonical order (by name, values as sent). */
	byte[] fingerprint() {
		StringBuilder canonical = new StringBuilder();
		new TreeMap<>(this.parameters).forEach((name,
				values) -> values.forEach((value) -> canonical.append(name.length())
					.append(':')
					.append(name)
					.append('=')
					.append(value.length())
					.append(':')
					.append(value)
					.append('&')));
		return RandomTokens.sha256(canonical.toString());
	}

	/** The request as the authorization server sees it: the same, without the ticket. */
	static HttpServletRequest withoutTicket(HttpServletRequest request) {
		Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameterMap());
		parameters.remove(TICKET);
		String query = UriComponentsBuilder.newInstance()
			.query(request.getQueryString())
			.replaceQueryParam(TICKET)
			.build()
			.getQuery();
		return new HttpServletRequestWrapper(request) {

			@Override
			public String getParameter(String name) {
				String[] values = parameters.get(name);
				return (values != null && values.length > 0) ? values[0] : null;
			}

			@Override
			public Map<String, String[]> getParameterMap() {
				return Collections.unmodifiableMap(parameters);
			}

			@Override
			public Enumeration<String> getParameterNames() {
				return Collections.enumeration(parameters.keySet());
			}

			@Override
			public String[] getParameterValues(String name) {
				String[] values = parameters.get(name);
				return (values != null) ? Arrays.copyOf(values, values.length) : null;
			}

			@Override
			public String getQueryString() {
				return query;
			}

		};
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// A malformed escape: kept as sent, so it still only matches itself.
			return value;
		}
	}

}
