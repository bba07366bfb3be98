package dev.bondify.oidc;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.web.util.UriComponentsBuilder;

import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.BrowserForms;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the provider over HTTP the way a browser and a relying party do: the
 * authorization request, the sign-in page, the sandbox confirm page, the page's wait and
 * continue calls, and the token endpoint.
 */
final class OidcFlows {

	private static final Pattern SESSION_TOKEN = Pattern.compile("data-session-token=\"([^\"]+)\"");

	private static final Pattern DEEPLINK = Pattern.compile("id=\"deeplink\" href=\"([^\"]+)\"");

	private final ApiClient api;

	OidcFlows(ApiClient api) {
		this.api = api;
	}

	static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String query(Map<String, String> parameters) {
		return parameters.entrySet()
			.stream()
			.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	/** The usual request: code, openid profile, state, nonce, S256. */
	static Map<String, String> request(String clientId, String redirectUri, String verifier) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", clientId);
		parameters.put("redirect_uri", redirectUri);
		parameters.put("scope", "openid profile");
		parameters.put("state", "st-" + verifier.substring(0, 6));
		parameters.put("nonce", "n-" + verifier.substring(0, 8));
		parameters.put("code_challenge", challenge(verifier));
		parameters.put("code_challenge_method", "S256");
		return parameters;
	}

	Response authorize(String query) {
		return this.api.get("/oauth2/authorize?" + query);
	}

	/** The sign-in page of an authorization request. */
	SignInPage open(String query) {
		Response page = authorize(query);
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		assertThat(page.header("Content-Type")).startsWith("text/html");
		return new SignInPage(query, page, group(SESSION_TOKEN, page.body()),
				group(DEEPLINK, page.body()).replace("&amp;", "&"));
	}

	/** Confirms on the sandbox page with a test identity, as a person would. */
	void confirmInSandbox(SignInPage page, String telegramId, String name, String username) {
		confirmInSandbox(page, telegramId, name, username, "");
	}

	/** The same with a phone number (required when the request asks for the phone). */
	void confirmInSandbox(SignInPage page, String telegramId, String name, String username, String phone) {
		BrowserForms browser = new BrowserForms(this.api);
		String path = URI.create(page.deeplink()).getRawPath() + "?" + URI.create(page.deeplink()).getRawQuery();
		BrowserForms.Page sandbox = browser.get(path);
		assertThat(sandbox.status()).isEqualTo(200);
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("start",
				UriComponentsBuilder.fromUriString(page.deeplink()).build().getQueryParams().getFirst("start"));
		fields.put("telegramId", telegramId);
		fields.put("name", name);
		fields.put("username", username);
		fields.put("phone", phone);
		Response confirmed = browser.submit(sandbox, "/sandbox/telegram/confirm", fields);
		assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
	}

	void cancelInSandbox(SignInPage page) {
		BrowserForms browser = new BrowserForms(this.api);
		String path = URI.create(page.deeplink()).getRawPath() + "?" + URI.create(page.deeplink()).getRawQuery();
		BrowserForms.Page sandbox = browser.get(path);
		String start = UriComponentsBuilder.fromUriString(page.deeplink()).build().getQueryParams().getFirst("start");
		assertThat(browser.submit(sandbox, "/sandbox/telegram/cancel", Map.of("start", start)).status()).isEqualTo(200);
	}

	Response await(SignInPage page) {
		return this.api.post("/oidc/wait", "{\"session_token\":\"" + page.sessionToken() + "\",\"wait\":5}");
	}

	/** What the page's script does once the wait answered. */
	Response next(SignInPage page) {
		return this.api.post("/oidc/continue",
				ApiClient.json(Map.of("session_token", page.sessionToken(), "query", "?" + page.query())));
	}

	/** Follows the page's continue location: the authorization endpoint's redirect. */
	URI follow(String location) {
		Response redirect = this.api.get(location);
		assertThat(redirect.status()).as(redirect.body()).isEqualTo(302);
		return URI.create(redirect.header("Location"));
	}

	/** Signs in through the sandbox and returns the redirect to the app. */
	URI signIn(String query, String telegramId, String name, String username) {
		return signIn(query, telegramId, name, username, "");
	}

	/** The same with a phone number. */
	URI signIn(String query, String telegramId, String name, String username, String phone) {
		SignInPage page = open(query);
		confirmInSandbox(page, telegramId, name, username, phone);
		assertThat(await(page).field("status")).isEqualTo("confirmed");
		Response next = next(page);
		assertThat(next.field("status")).as(next.body()).isEqualTo("confirmed");
		return follow(next.field("location"));
	}

	static Map<String, String> parameters(URI uri) {
		Map<String, String> parameters = new LinkedHashMap<>();
		UriComponentsBuilder.fromUri(uri)
			.build()
			.getQueryParams()
			.forEach((name, values) -> parameters.put(name,
					java.net.URLDecoder.decode(values.get(0), StandardCharsets.UTF_8)));
		return parameters;
	}

	Response token(Map<String, String> form, String... headers) {
		return form("/oauth2/token", form, headers);
	}

	/** A form post to one of the authorization server's endpoints (token, revoke). */
	Response form(String path, Map<String, String> form, String... headers) {
		HttpRequest.Builder request = this.api.request(path, headers)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(query(form)));
		return this.api.send(request);
	}

	static String basic(String clientId, String secret) {
		return "Basic " + Base64.getEncoder()
			.encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
					+ URLEncoder.encode(secret, StandardCharsets.UTF_8))
				.getBytes(StandardCharsets.UTF_8));
	}

	private static String group(Pattern pattern, String body) {
		Matcher matcher = pattern.matcher(body);
		assertThat(matcher.find()).as(body).isTrue();
		return matcher.group(1);
	}

	/** A sign-in page as shown. */
	record SignInPage(String query, Response response, String sessionToken, String deeplink) {
	}

}
