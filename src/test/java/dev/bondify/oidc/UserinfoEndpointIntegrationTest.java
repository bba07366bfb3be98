package dev.bondify.oidc;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /userinfo} on the wire: the claims as JSON for GET and POST, and RFC 6750's
 * answers for every header that is not exactly {@code Bearer <token68>} (the scheme in
 * any case, one space, the token's characters, then only {@code =}).
 */
class UserinfoEndpointIntegrationTest extends IntegrationTest {

	private static final String REDIRECT = "http://127.0.0.1:9/login/oauth2/code/bondify";

	private Project project;

	private OidcFlows flows;

	private String accessToken;

	@BeforeEach
	void signIn() {
		this.flows = new OidcFlows(this.api);
		this.project = this.projects.sandbox();
		this.jdbc.update("update projects set redirect_uris = ?::text[] where id = ?", "{" + REDIRECT + "}",
				this.project.getId());
		String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
		URI back = this.flows.signIn(OidcFlows.query(OidcFlows.request(this.project.getId(), REDIRECT, verifier)),
				"777", "Zoë \"Quote\" Test", "zoe_test");
		Response tokens = this.flows.token(
				Map.of("grant_type", "authorization_code", "code", OidcFlows.parameters(back).get("code"),
						"redirect_uri", REDIRECT, "code_verifier", verifier),
				"Authorization", OidcFlows.basic(this.project.getId(), this.project.getSecretKey()));
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		this.accessToken = tokens.json().get("access_token").asString();
	}

	@Test
	void getAndPostAnswerTheClaimsAsJson() {
		Response get = this.api.get("/userinfo", "Authorization", "Bearer " + this.accessToken);
		Response post = this.flows.form("/userinfo", Map.of(), "Authorization", "Bearer " + this.accessToken);

		for (Response answer : List.of(get, post)) {
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			assertThat(answer.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
			JsonNode claims = answer.json();
			assertThat(claims.propertyNames()).containsExactly("sub", "telegram_id", "name", "preferred_username");
			assertThat(claims.get("sub").asString()).isNotBlank().doesNotContain("777");
			assertThat(claims.get("telegram_id").asString()).isEqualTo("777");
			assertThat(claims.get("name").asString()).isEqualTo("Zoë \"Quote\" Test");
			assertThat(claims.get("preferred_username").asString()).isEqualTo("zoe_test");
		}
		assertThat(post.body()).isEqualTo(get.body());
	}

	/**
	 * As with Spring Security 7.1's default resolver before (its query and form
	 * parameters are off by default, so never read, never "multiple bearer tokens"): the
	 * header's token answers, and a parameter alone is no token.
	 */
	@Test
	void anAccessTokenParameterIsNeitherReadNorRefused() {
		Response get = this.api.get("/userinfo?access_token=x", "Authorization", "Bearer " + this.accessToken);
		Response post = this.flows.form("/userinfo", Map.of("access_token", "x"), "Authorization",
				"Bearer " + this.accessToken);
		Response both = this.flows.form("/userinfo?access_token=y", Map.of("access_token", "x"), "Authorization",
				"Bearer " + this.accessToken);

		for (Response answer : List.of(get, post, both)) {
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			assertThat(answer.json().get("telegram_id").asString()).isEqualTo("777");
		}
		Response alone = this.api.get("/userinfo?access_token=" + this.accessToken);
		assertThat(alone.status()).isEqualTo(401);
		assertThat(alone.header("WWW-Authenticate")).startsWith("Bearer").doesNotContain("error=");
	}

	@Test
	void theSchemeIsCaseInsensitive() {
		assertThat(this.api.get("/userinfo", "Authorization", "bearer " + this.accessToken).status()).isEqualTo(200);
		assertThat(this.api.get("/userinfo", "Authorization", "BEARER " + this.accessToken).status()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Bearer  %s", "Bearer %s x", "Bearer %s=x", "Bearer\t%s", "Bearer%s", "Bearer ",
			"Bearer %s\u00e9", "Bearer %s,", "bearer: %s" })
	void aMalformedBearerHeaderIsInvalidTokenMalformed(String header) {
		Response refused = this.api.get("/userinfo", "Authorization", header.formatted(this.accessToken));

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"")
			.contains("error_description=\"Bearer token is malformed\"");
	}

	@Test
	void aWellFormedButUnknownTokenIsInvalidTokenNotMalformed() {
		// The padding passes the syntax and even the signature check (base64url ignores
		// it), but it is not the token that was issued.
		Response padded = this.api.get("/userinfo", "Authorization", "Bearer " + this.accessToken + "==");

		assertThat(padded.status()).isEqualTo(401);
		assertThat(padded.field("error")).isEqualTo("invalid_token");
		assertThat(padded.header("WWW-Authenticate")).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Basic Zm9vOmJhcg==", "Token abc", "" })
	void anotherSchemeOrNoTokenAsksForABearerToken(String header) {
		Response refused = header.isEmpty() ? this.api.get("/userinfo")
				: this.api.get("/userinfo", "Authorization", header);

		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer").doesNotContain("error=");
	}

}
