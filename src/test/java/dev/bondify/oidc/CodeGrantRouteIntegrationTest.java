package dev.bondify.oidc;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.web.SecurityFilterChain;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The code exchange's short route answers as the library's filters do: the same request
 * sent as {@code application/x-www-form-urlencoded} (the route's) and with
 * {@code ;charset=UTF-8} (the library's) gets the same status, headers, error body and,
 * for tokens, the same claims; the route answers only the requests it should (an
 * authenticated client), and every other shape goes to the library.
 */
class CodeGrantRouteIntegrationTest extends IntegrationTest {

	private static final String REDIRECT = "http://127.0.0.1:9/login/oauth2/code/bondify";

	private static final String ROUTE = "application/x-www-form-urlencoded";

	private static final String LIBRARY = "application/x-www-form-urlencoded;charset=UTF-8";

	/** Claims that differ from one sign-in or one token to the next. */
	private static final Set<String> PER_TOKEN = Set.of("iat", "exp", "nbf", "jti", "auth_time", "nonce", "sid");

	@Autowired
	private List<SecurityFilterChain> chains;

	private OidcFlows flows;

	private Project project;

	private Project other;

	@BeforeEach
	void clients() {
		this.flows = new OidcFlows(this.api);
		this.project = withRedirect(this.projects.sandbox());
		this.other = withRedirect(this.projects.sandbox());
	}

	@Test
	void aCodeExchangedByTheRouteGetsWhatTheLibraryGives() throws Exception {
		long before = route().answered();
		Answer viaRoute = exchangeFresh(ROUTE, this::basic);
		long after = route().answered();
		Answer viaLibrary = exchangeFresh(LIBRARY, this::basic);

		assertThat(after - before).isEqualTo(1);
		assertThat(route().answered()).isEqualTo(after);
		assertThat(viaRoute.status()).isEqualTo(200);
		assertThat(viaRoute).isEqualTo(viaLibrary);
		assertThat(viaRoute.body()).containsKeys("access_token", "id_token", "token_type", "expires_in", "scope");

		Answer posted = exchangeFresh(ROUTE, this::post);
		assertThat(posted).isEqualTo(exchangeFresh(LIBRARY, this::post));
		assertThat(route().answered()).isEqualTo(after + 1);

		// A parameter the route does not take: the library answers, as it does the same
		// request with a charset.
		Answer extra = exchangeFresh(ROUTE, (code, verifier) -> basic(code, verifier).form("scope", "openid"));
		assertThat(extra.status()).isEqualTo(200);
		assertThat(extra)
			.isEqualTo(exchangeFresh(LIBRARY, (code, verifier) -> basic(code, verifier).form("scope", "openid")));
		assertThat(route().answered()).isEqualTo(after + 1);
		// The id token of either way names the sign-in's session and its time.
		@SuppressWarnings("unchecked")
		Map<String, Object> idToken = (Map<String, Object>) viaRoute.body().get("id_token");
		assertThat(idToken).containsKeys("sid", "auth_time");
	}

	@Test
	void everyRefusalIsTheLibrarysRefusal() {
		// Each case: a fresh sign-in's code and verifier in, one request's form and
		// headers out; the same case is sent down both ways.
		Map<String, BiFunction<String, String, Request>> cases = new LinkedHashMap<>();
		cases.put("wrong secret", (code, verifier) -> basic(code, verifier).header("Authorization",
				OidcFlows.basic(this.project.getId(), this.project.getSecretKey() + "x")));
		cases.put("wrong redirect", (code, verifier) -> basic(code, verifier).form("redirect_uri", REDIRECT + "/x"));
		cases.put("wrong verifier", (code, verifier) -> basic(code, verifier).form("code_verifier", verifier + "x"));
		cases.put("no verifier", (code, verifier) -> basic(code, verifier).without("code_verifier"));
		cases.put("unknown code", (code, verifier) -> basic(code + "x", verifier));
		cases.put("another client's code", (code, verifier) -> basic(code, verifier).header("Authorization",
				OidcFlows.basic(this.other.getId(), this.other.getSecretKey())));
		cases.put("no redirect", (code, verifier) -> basic(code, verifier).without("redirect_uri"));
		cases.put("a query string", (code, verifier) -> basic(code, verifier).query("code=" + code));
		cases.put("a DPoP proof", (code, verifier) -> basic(code, verifier).header("DPoP", "not.a.proof"));
		cases.put("an empty secret", (code, verifier) -> post(code, verifier).form("client_secret", ""));
		cases.put("a wrong posted secret",
				(code, verifier) -> post(code, verifier).form("client_secret", this.project.getSecretKey() + "x"));
		cases.put("a bearer header", (code, verifier) -> post(code, verifier).header("Authorization", "Bearer x"));
		cases.put("a broken basic header",
				(code, verifier) -> basic(code, verifier).header("Authorization", "Basic %%%"));

		long answeredBefore = route().answered();
		cases.forEach((name, request) -> {
			Answer viaRoute = exchangeFresh(ROUTE, request);
			long answered = route().answered();
			Answer viaLibrary = exchangeFresh(LIBRARY, request);
			// The library's way is never the route's: the comparison is of two ways.
			assertThat(route().answered()).as(name).isEqualTo(answered);
			assertThat(viaRoute).as(name).isEqualTo(viaLibrary);
			assertThat(viaRoute.status()).as(name).isIn(400, 401);
		});
		// A wrong redirect URI and another client's code pass client authentication: the
		// route answers them itself (every other case went to the library).
		assertThat(route().answered() - answeredBefore).isEqualTo(2);
	}

	@Test
	void aRepeatedParameterIsAnInvalidRequestEitherWay() {
		for (String contentType : List.of(ROUTE, LIBRARY)) {
			SignIn signIn = signIn();
			HttpRequest.Builder builder = this.api
				.request("/oauth2/token", "Authorization",
						OidcFlows.basic(this.project.getId(), this.project.getSecretKey()))
				.header("Content-Type", contentType)
				.POST(HttpRequest.BodyPublishers
					.ofString(OidcFlows.query(form(signIn.code(), signIn.verifier())) + "&code=another"));
			Response repeated = this.api.send(builder);

			assertThat(repeated.status()).as(contentType).isEqualTo(400);
			assertThat(repeated.field("error")).isEqualTo("invalid_request");
			assertThat(repeated.field("error_description")).isEqualTo("OAuth 2.0 Parameter: code");
			// Nothing was spent: the code still works once.
			assertThat(send(contentType, basic(signIn.code(), signIn.verifier())).status()).isEqualTo(200);
		}
	}

	@Test
	void aRefusedCodeStaysAsTheLibraryLeavesIt() {
		for (String contentType : List.of(ROUTE, LIBRARY)) {
			// A wrong redirect URI spends nothing: the code still works.
			SignIn first = signIn();
			assertThat(send(contentType, basic(first.code(), first.verifier()).form("redirect_uri", REDIRECT + "/x"))
				.status()).isEqualTo(400);
			Answer redeemed = send(contentType, basic(first.code(), first.verifier()));
			assertThat(redeemed.status()).as(contentType).isEqualTo(200);

			// A replay is refused, and the tokens of the first exchange are revoked.
			Answer replay = send(contentType, basic(first.code(), first.verifier()));
			assertThat(replay.status()).isEqualTo(400);
			assertThat(replay.body()).containsEntry("error", "invalid_grant");
			assertThat(this.api.get("/userinfo", "Authorization", "Bearer " + redeemed.accessToken()).status())
				.as(contentType)
				.isEqualTo(401);

			// Another client's attempt spends the code for its owner too.
			SignIn second = signIn();
			assertThat(
					send(contentType,
							basic(second.code(), second.verifier()).header("Authorization",
									OidcFlows.basic(this.other.getId(), this.other.getSecretKey())))
						.status())
				.isEqualTo(400);
			assertThat(send(contentType, basic(second.code(), second.verifier())).status()).as(contentType)
				.isEqualTo(400);
		}
	}

	private Answer exchangeFresh(String contentType, BiFunction<String, String, Request> request) {
		SignIn signIn = signIn();
		return send(contentType, request.apply(signIn.code(), signIn.verifier()));
	}

	private SignIn signIn() {
		String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
		URI back = this.flows.signIn(OidcFlows.query(OidcFlows.request(this.project.getId(), REDIRECT, verifier)),
				"777001", "Route Check", "route_check");
		return new SignIn(OidcFlows.parameters(back).get("code"), verifier);
	}

	private Answer send(String contentType, Request request) {
		String query = (request.query() != null) ? "?" + request.query() : "";
		HttpRequest.Builder builder = this.api
			.request("/oauth2/token" + query,
					request.headers()
						.entrySet()
						.stream()
						.flatMap((header) -> java.util.stream.Stream.of(header.getKey(), header.getValue()))
						.toArray(String[]::new))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(OidcFlows.query(request.form())));
		return Answer.of(this.api.send(builder));
	}

	private Request basic(String code, String verifier) {
		return new Request(form(code, verifier),
				new LinkedHashMap<>(
						Map.of("Authorization", OidcFlows.basic(this.project.getId(), this.project.getSecretKey()))),
				null);
	}

	private Request post(String code, String verifier) {
		Map<String, String> form = form(code, verifier);
		form.put("client_id", this.project.getId());
		form.put("client_secret", this.project.getSecretKey());
		return new Request(form, new LinkedHashMap<>(), null);
	}

	private static Map<String, String> form(String code, String verifier) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", code);
		form.put("redirect_uri", REDIRECT);
		form.put("code_verifier", verifier);
		return form;
	}

	private CodeGrantRoute route() {
		return this.chains.stream()
			.flatMap((chain) -> chain.getFilters().stream())
			.filter(CodeGrantRoute.class::isInstance)
			.map(CodeGrantRoute.class::cast)
			.findFirst()
			.orElseThrow();
	}

	private Project withRedirect(Project client) {
		this.jdbc.update("update projects set redirect_uris = ?::text[] where id = ?", "{" + REDIRECT + "}",
				client.getId());
		return client;
	}

	private record SignIn(String code, String verifier) {
	}

	/** One token request: its form, its headers, its query string. */
	private record Request(Map<String, String> form, Map<String, String> headers, String query) {

		Request form(String name, String value) {
			Map<String, String> changed = new LinkedHashMap<>(this.form);
			changed.put(name, value);
			return new Request(changed, this.headers, this.query);
		}

		Request without(String name) {
			Map<String, String> changed = new LinkedHashMap<>(this.form);
			changed.remove(name);
			return new Request(changed, this.headers, this.query);
		}

		Request header(String name, String value) {
			Map<String, String> changed = new LinkedHashMap<>(this.headers);
			changed.put(name, value);
			return new Request(this.form, changed, this.query);
		}

		Request query(String query) {
			return new Request(this.form, this.headers, query);
		}

	}

	/**
	 * What a client sees of an answer, minus what differs from one token to the next:
	 * status, the headers a client acts on, the body's members (token values replaced by
	 * the names of their claims, with the values that stay the same for one person and
	 * one client).
	 */
	private record Answer(int status, Map<String, String> headers, Map<String, Object> body, String accessToken) {

		static Answer of(Response response) {
			Map<String, String> headers = new TreeMap<>();
			for (String name : List.of("Content-Type", "Cache-Control", "Pragma", "WWW-Authenticate", "Retry-After")) {
				if (response.header(name) != null) {
					headers.put(name, response.header(name));
				}
			}
			Map<String, Object> body = new TreeMap<>();
			JsonNode json = response.json();
			String accessToken = null;
			for (Map.Entry<String, JsonNode> member : json.properties()) {
				String name = member.getKey();
				if (name.equals("access_token") || name.equals("id_token")) {
					if (name.equals("access_token")) {
						accessToken = member.getValue().asString();
					}
					body.put(name, claims(member.getValue().asString()));
				}
				else {
					body.put(name, member.getValue().isValueNode() ? member.getValue().asString()
							: member.getValue().toString());
				}
			}
			return new Answer(response.status(), headers, body, accessToken);
		}

		private static Map<String, Object> claims(String token) {
			try {
				SignedJWT jwt = SignedJWT.parse(token);
				Map<String, Object> claims = new TreeMap<>();
				jwt.getJWTClaimsSet()
					.getClaims()
					.forEach((name, value) -> claims.put(name, PER_TOKEN.contains(name) ? "(varies)" : value));
				claims.put("(header)", new TreeSet<>(jwt.getHeader().toJSONObject().keySet()).toString());
				return claims;
			}
			catch (java.text.ParseException ex) {
				throw new IllegalStateException(ex);
			}
		}

		// The access token's value differs every time: equal answers ignore it.
		@Override
		public boolean equals(Object other) {
			return other instanceof Answer answer && this.status == answer.status && this.headers.equals(answer.headers)
					&& this.body.equals(answer.body);
		}

		@Override
		public int hashCode() {
			return this.status;
		}

	}

}
