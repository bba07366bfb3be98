package dev.bondify.dashboard;

import java.net.HttpCookie;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;

/**
 * A minimal browser for dashboard tests: keeps the cookies the server sets and sends them
 * back, and echoes the CSRF token the session endpoint hands out, as the dashboard's
 * script does.
 */
final class DashboardBrowser {

	private final ApiClient api;

	private final Map<String, String> cookies = new LinkedHashMap<>();

	private final String[] extraHeaders;

	String csrf;

	DashboardBrowser(ApiClient api, String... extraHeaders) {
		this.api = api;
		this.extraHeaders = extraHeaders;
	}

	/**
	 * Loads the session, as every dashboard page does first; remembers the CSRF token.
	 */
	Response openSession() {
		Response response = get("/dashboard/api/session");
		this.csrf = response.field("csrf_token");
		return response;
	}

	Response login(String email, String password) {
		return remember(post("/dashboard/api/login", credentials(email, password), true));
	}

	Response signup(String email, String password) {
		return remember(post("/dashboard/api/signup", credentials(email, password), true));
	}

	Response get(String path) {
		return capture(this.api.get(path, headers(false, null)));
	}

	Response post(String path, String json, boolean withCsrf) {
		return capture(this.api.post(path, json, headers(withCsrf, null)));
	}

	Response send(String method, String path, String json, String csrfHeader) {
		return capture(this.api.method(method, path, json, headers(csrfHeader != null, csrfHeader)));
	}

	Response send(String method, String path, String json) {
		return send(method, path, json, this.csrf);
	}

	String cookie(String name) {
		return this.cookies.get(name);
	}

	void setCookie(String name, String value) {
		this.cookies.put(name, value);
	}

	static List<String> setCookies(Response response) {
		return response.raw().headers().allValues("Set-Cookie");
	}

	static String setCookie(Response response, String name) {
		return setCookies(response).stream().filter(header -> header.startsWith(name + "=")).findFirst().orElse(null);
	}

	private Response remember(Response response) {
		if (response.status() == 200) {
			this.csrf = response.field("csrf_token");
		}
		return response;
	}

	private Response capture(Response response) {
		for (String header : setCookies(response)) {
			for (HttpCookie cookie : HttpCookie.parse(header)) {
				if (cookie.getMaxAge() == 0 || cookie.getValue().isEmpty()) {
					this.cookies.remove(cookie.getName());
				}
				else {
					this.cookies.put(cookie.getName(), cookie.getValue());
				}
			}
		}
		return response;
	}

	private String[] headers(boolean withCsrf, String csrfValue) {
		List<String> headers = new ArrayList<>(List.of(this.extraHeaders));
		if (!this.cookies.isEmpty()) {
			headers.add("Cookie");
			headers.add(this.cookies.entrySet()
				.stream()
				.map(entry -> entry.getKey() + "=" + entry.getValue())
				.collect(Collectors.joining("; ")));
		}
		if (withCsrf) {
			headers.add(DashboardCookies.CSRF_HEADER);
			headers.add((csrfValue != null) ? csrfValue : this.csrf);
		}
		return headers.toArray(String[]::new);
	}

	private static String credentials(String email, String password) {
		return ApiClient.json(Map.of("email", email, "password", password));
	}

}
