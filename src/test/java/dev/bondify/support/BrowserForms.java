package dev.bondify.support;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.bondify.support.ApiClient.Response;

/**
 * Does what a browser does with the server-rendered pages: keeps the CSRF cookie, reads
 * the token a page embeds and posts forms with both.
 */
public final class BrowserForms {

	private static final Pattern COOKIE = Pattern.compile("XSRF-TOKEN=([^;]*)");

	private static final Pattern HIDDEN_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final Pattern META = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");

	private final ApiClient api;

	public BrowserForms(ApiClient api) {
		this.api = api;
	}

	/**
	 * A page as loaded by a browser: its response, the CSRF cookie it set and the token
	 * it embeds.
	 */
	public record Page(Response response, String cookie, String token) {

		public int status() {
			return this.response.status();
		}

		public String body() {
			return this.response.body();
		}

	}

	public Page get(String path) {
		Response response = this.api.get(path, "Accept", "text/html");
		String cookie = response.raw()
			.headers()
			.allValues("Set-Cookie")
			.stream()
			.map(COOKIE::matcher)
			.filter(Matcher::find)
			.map(matcher -> matcher.group(1))
			.findFirst()
			.orElse(null);
		return new Page(response, cookie,
				find(HIDDEN_FIELD, response.body()).orElse(find(META, response.body()).orElse(null)));
	}

	/**
	 * Posts a form the way the page's own form would (cookie and hidden token), plus
	 * {@code fields}.
	 */
	public Response submit(Page page, String path, Map<String, String> fields) {
		Map<String, String> all = new LinkedHashMap<>(fields);
		all.put("_csrf", page.token());
		return post(path, all, "XSRF-TOKEN=" + page.cookie());
	}

	/**
	 * Posts a form with exactly these fields and cookie (null for none): what a forged
	 * cross-site form sends.
	 */
	public Response post(String path, Map<String, String> fields, String cookie) {
		String body = fields.entrySet()
			.stream()
			.map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
			.collect(Collectors.joining("&"));
		HttpRequest.Builder request = this.api.request(path, "Accept", "text/html")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.api.send(request);
	}

	private static java.util.Optional<String> find(Pattern pattern, String body) {
		Matcher matcher = pattern.matcher(body);
		return matcher.find() ? java.util.Optional.of(matcher.group(1)) : java.util.Optional.empty();
	}

	private static String encode(String value) {
		return URLEncoder.encode((value != null) ? value : "", StandardCharsets.UTF_8);
	}

}
