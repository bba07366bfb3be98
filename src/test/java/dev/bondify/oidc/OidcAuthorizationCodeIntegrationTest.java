package dev.bondify.oidc;

import java.net.URI;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization code flow end to end over HTTP, as a browser and a relying party
 * drive it: the sign-in page, the sandbox confirm page, the page continuing by itself,
 * the token endpoint with the project's secret key, ES256 id tokens checked against the
 * JWKS, and userinfo; then every refusal of the issue.
 */
class OidcAuthorizationCodeIntegrationTest extends IntegrationTest {

	private static final String REDIRECT = "http://127.0.0.1:9/login/oauth2/code/bondify";

	private OidcFlows flows;

	private Project project;

	@BeforeEach
	void client() {
		this.flows = new OidcFlows(this.api);
		this.project = this.projects.sandbox();
		this.jdbc.update("update projects set redirect_uris = ?::text[] where id = ?", "{" + REDIRECT + "}",
				this.project.getId());
	}

	@Test
	void aConfirmedSignInGivesACodeThenEs256TokensAndUserinfo() throws Exception {
		String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
		Map<String, String> request = OidcFlows.request(this.project.getId(), REDIRECT, verifier);
		URI back = this.flows.signIn(OidcFlows.query(request), "987654321", "Test Person", "test_person");

		assertThat(back.toString()).startsWith(REDIRECT + "?");
		Map<String, String> answer = OidcFlows.parameters(back);
		assertThat(answer).containsEntry("state", request.get("state"))
			.containsEntry("iss", this.api.baseUrl())
			.containsKey("code");
		assertThat(this.jdbc.queryForObject(
				"select source from auth_sessions s join oidc_sign_ins o on o.session_id = s.id order by o.created_at desc limit 1",
				String.class))
			.isEqualTo("oidc");

		Response tokens = exchange(answer.get("code"), verifier);
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		SignedJWT idToken = verified(tokens.json().get("id_token").asString());
		Map<String, Object> claims = idToken.getJWTClaimsSet().getClaims();
		assertThat(idToken.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(idToken.getHeader().getKeyID()).isNotBlank();
		assertThat(claims).containsEntry("iss", this.api.baseUrl())
			.containsEntry("nonce", request.get("nonce"))
			.containsEntry("telegram_id", "987654321")
			.containsEntry("name", "Test Person")
			.containsEntry("preferred_username", "test_person")
			.containsEntry("amr", List.of("telegram"))
			.containsKey("auth_time")
			.doesNotContainKey("phone_number");
		assertThat(idToken.getJWTClaimsSet().getAudience()).containsExactly(this.project.getId());
		String subject = idToken.getJWTClaimsSet().getSubject();
		assertThat(subject).isNotBlank().doesNotContain("987654321");

		Response userinfo = this.api.get("/userinfo", "Authorization",
				"Bearer " + tokens.json().get("access_token").asString());
		assertThat(userinfo.status()).as(userinfo.body()).isEqualTo(200);
		JsonNode info = userinfo.json();
		assertThat(info.get("sub").asString()).isEqualTo(subject);
		assertThat(info.get("telegram_id").asString()).isEqualTo("987654321");
		assertThat(info.get("name").asString()).isEqualTo("Test Person");

		// Nothing usable is stored: codes and tokens only as hashes.
		String stored = this.jdbc.queryForObject(
				"select authorization_code_value || access_token_value || oidc_id_token_value from oauth2_authorization"
						+ " where registered_client_id = ? order by authorization_code_issued_at desc limit 1",
				String.class, this.project.getId());
		assertThat(stored).doesNotContain(answer.get("code"))
			.doesNotContain(tokens.json().get("access_token").asString())
			.startsWith(HashedAuthorizationService.HASHED);
	}

	@Test
	void theSubjectIsStablePerProjectAndDifferentAcrossProjects() throws Exception {
		String first = subjectAfterSignIn(this.project, "555");
		String again = subjectAfterSignIn(this.project, "555");
		Project other = this.projects.sandbox();
		this.jdbc.update("update projects set redirect_uris = ?::text[] where id = ?", "{" + REDIRECT + "}",
				other.getId());
		String elsewhere = subjectAfterSignIn(other, "555");
		assertThat(again).isEqualTo(first);
		assertThat(elsewhere).isNotEqualTo(first);
	}

	@Test
	void aReplayedCodeIsInvalidGrant() {
		String verifier = UUID.randomUUID() + "-replay";
		String code = code(verifier);
		assertThat(exchange(code, verifier).status()).isEqualTo(200);
		Response replay = exchange(code, verifier);
		assertThat(replay.status()).isEqualTo(400);
		assertThat(replay.field("error")).isEqualTo("invalid_grant");
	}

	@Test
	void aCodeOfAnotherClientIsInvalidGrantAndBurnsTheCode() {
		String verifier = UUID.randomUUID() + "-other";
		String code = code(verifier);
		Project other = this.projects.sandbox();
		this.jdbc.update("update projects set redirect_uris = ?::text[] where id = ?", "{" + REDIRECT + "}",
				other.getId());
		Response stolen = this.flows.token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri",
				REDIRECT, "code_verifier", verifier), "Authorization",
				OidcFlows.basic(other.getId(), other.getSecretKey()));
		assertThat(stolen.status()).isEqualTo(400);
		assertThat(stolen.field("error")).isEqualTo("invalid_grant");
		// The authorization server then burns the code: a leaked code is worth nothing to
		// anyone.
		assertThat(exchange(code, verifier).status()).isEqualTo(400);
	}

	@Test
	void anExpiredCodeIsInvalidGrant() {
		String verifier = UUID.randomUUID() + "-expired";
		String code = code(verifier);
		// The authorization server reads the system clock: age the stored code instead.
		this.jdbc.update("update oauth2_authorization set authorization_code_issued_at = now() - interval '2 minutes',"
				+ " authorization_code_expires_at = now() - interval '1 minute'"
				+ " where authorization_code_value = ?", HashedAuthorizationService.hash(code));
		Response expired = exchange(code, verifier);
		assertThat(expired.status()).isEqualTo(400);
		assertThat(expired.field("error")).isEqualTo("invalid_grant");
	}

	@Test
	void aWrongClientSecretIsInvalidClient() {
		String verifier = UUID.randomUUID() + "-secret";
		String code = code(verifier);
		Response wrong = this.flows.token(
				Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT, "code_verifier",
						verifier),
				"Authorization", OidcFlows.basic(this.project.getId(), this.project.getSecretKey() + "x"));
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(wrong.field("error")).isEqualTo("invalid_client");
		Response post = this.flows
			.token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT, "code_verifier",
					verifier, "client_id", this.project.getId(), "client_secret", this.project.getSecretKey()));
		assertThat(post.status()).as("client_secret_post with the right key").isEqualTo(200);
	}

	@Test
	void aTokenRequestNamingNoClientIsInvalidClientInOAuthsShape() {
		String verifier = UUID.randomUUID() + "-no-client";
		String code = code(verifier);
		// No Authorization header, no client_id, no code_verifier: nothing names a
		// client.
		Response none = this.flows
			.token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT));
		assertThat(none.status()).isEqualTo(401);
		assertThat(none.field("error")).isEqualTo("invalid_client");
		assertThat(none.body()).doesNotContain("\"code\"");
		// Nothing was spent: the client then redeems its code.
		assertThat(exchange(code, verifier).status()).isEqualTo(200);
	}

	@Test
	void aWrongCodeVerifierIsInvalidGrant() {
		String verifier = UUID.randomUUID() + "-verifier";
		String code = code(verifier);
		Response wrong = exchange(code, verifier + "x");
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.field("error")).isEqualTo("invalid_grant");
	}

	@Test
	void anUnregisteredRedirectUriIsAnErrorPageNeverARedirect() {
		Map<String, String> request = OidcFlows.request(this.project.getId(), "https://evil.example/cb",
				UUID.randomUUID().toString());
		Response page = this.flows.authorize(OidcFlows.query(request));
		assertThat(page.status()).isEqualTo(400);
		assertThat(page.header("Location")).isNull();
		assertThat(page.header("Content-Type")).startsWith("text/html");
		assertThat(page.body()).contains("not registered").doesNotContain("evil.example");

		Response unknown = this.flows
			.authorize(OidcFlows.query(OidcFlows.request("proj_doesnotexist", REDIRECT, UUID.randomUUID().toString())));
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.header("Location")).isNull();
	}

	@Test
	void plainPkceIsRefusedWithARedirectError() {
		Map<String, String> request = OidcFlows.request(this.project.getId(), REDIRECT, UUID.randomUUID().toString());
		request.put("code_challenge_method", "plain");
		Response refused = this.flows.authorize(OidcFlows.query(request));
		assertThat(refused.status()).isEqualTo(302);
		Map<String, String> answer = OidcFlows.parameters(URI.create(refused.header("Location")));
		assertThat(answer).containsEntry("error", "invalid_request")
			.containsEntry("state", request.get("state"))
			.containsEntry("iss", this.api.baseUrl())
			.doesNotContainKey("code");
	}

	@Test
	void aRequestWithoutTheOpenidScopeIsInvalidScope() {
		Map<String, String> request = OidcFlows.request(this.project.getId(), REDIRECT, UUID.randomUUID().toString());
		request.put("scope", "profile");
		Response refused = this.flows.authorize(OidcFlows.query(request));
		assertThat(refused.status()).as(refused.body()).isEqualTo(302);
		Map<String, String> answer = OidcFlows.parameters(URI.create(refused.header("Location")));
		assertThat(answer).containsEntry("error", "invalid_scope")
			.containsEntry("state", request.get("state"))
			.containsEntry("iss", this.api.baseUrl())
			.doesNotContainKey("code");
	}

	@Test
	void aRevokedAccessTokenNoLongerOpensUserinfo() {
		String verifier = UUID.randomUUID() + "-" + UUID.randomUUID();
		Response tokens = exchange(code(verifier), verifier);
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		String accessToken = tokens.json().get("access_token").asString();
		assertThat(this.api.get("/userinfo", "Authorization", "Bearer " + accessToken).status()).isEqualTo(200);

		Response revoked = this.flows.form("/oauth2/revoke", Map.of("token", accessToken), "Authorization",
				OidcFlows.basic(this.project.getId(), this.project.getSecretKey()));

		assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
		assertThat(this.api.get("/userinfo", "Authorization", "Bearer " + accessToken).status()).isEqualTo(401);
	}

	@Test
	void aPublicClientWithoutPkceIsRefused() {
		this.jdbc.update("update projects set oidc_public = true where id = ?", this.project.getId());
		Map<String, String> request = OidcFlows.request(this.project.getId(), REDIRECT, UUID.randomUUID().toString());
		request.remove("code_challenge");
		request.remove("code_challenge_method");
		Response refused = this.flows.authorize(OidcFlows.query(request));
		assertThat(refused.status()).isEqualTo(302);
		assertThat(OidcFlows.parameters(URI.create(refused.header("Location")))).containsEntry("error",
				"invalid_request");
	}

	@Test
	void aPublicClientExchangesItsCodeWithPkceAloneAndNeverWithTheSecret() {
		this.jdbc.update("update projects set oidc_public = true where id = ?", this.project.getId());
		String verifier = UUID.randomUUID() + "-public";
		String code = code(verifier);
		Response tokens = this.flows.token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri",
				REDIRECT, "code_verifier", verifier, "client_id", this.project.getId()));
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		assertThat(tokens.json().has("id_token")).isTrue();
	}

	@Test
	void aCancelledSignInReturnsAccessDeniedWithStateAndIss() {
		Map<String, String> request = OidcFlows.request(this.project.getId(), REDIRECT, UUID.randomUUID().toString());
		OidcFlows.SignInPage page = this.flows.open(OidcFlows.query(request));
		this.flows.cancelInSandbox(page);
		assertThat(this.flows.await(page).field("status")).isEqualTo("cancelled");
		Response next = this.flows.next(page);
		Map<String, String> answer = OidcFlows.parameters(URI.create(next.field("location")));
		assertThat(answer).containsEntry("error", "access_denied")
			.containsEntry("state", request.get("state"))
			.containsEntry("iss", this.api.baseUrl());
		assertThat(next.field("location")).startsWith(REDIRECT + "?");
	}

	@Test
	void promptNoneIsLoginRequired() {
		Map<String, String> request = OidcFlows.request(this.project.getId(), REDIRECT, UUID.randomUUID().toString());
		request.put("prompt", "none");
		Response refused = this.flows.authorize(OidcFlows.query(request));
		assertThat(refused.status()).isEqualTo(302);
		assertThat(OidcFlows.parameters(URI.create(refused.header("Location"))))
			.containsEntry("error", "login_required")
			.containsEntry("state", request.get("state"));
	}

	@Test
	void aTicketWorksOnceAndOnlyForItsOwnRequest() {
		Map<String, String> request = OidcFlows.request(this.project.getId(), REDIRECT, UUID.randomUUID().toString());
		OidcFlows.SignInPage page = this.flows.open(OidcFlows.query(request));
		this.flows.confirmInSandbox(page, "1", "A", "");
		String location = this.flows.next(page).field("location");
		String tampered = location.replace("code_challenge=", "code_challenge=x");
		Response swapped = this.api.get(tampered);
		assertThat(swapped.status()).isEqualTo(400);
		assertThat(swapped.header("Location")).isNull();
		assertThat(this.flows.follow(location).toString()).contains("code=");
		Response again = this.api.get(location);
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.header("Location")).isNull();
	}

	private String subjectAfterSignIn(Project client, String telegramId) throws Exception {
		String verifier = UUID.randomUUID() + "-sub";
		URI back = this.flows.signIn(OidcFlows.query(OidcFlows.request(client.getId(), REDIRECT, verifier)), telegramId,
				"Same Person", "");
		Response tokens = this.flows.token(
				Map.of("grant_type", "authorization_code", "code", OidcFlows.parameters(back).get("code"),
						"redirect_uri", REDIRECT, "code_verifier", verifier),
				"Authorization", OidcFlows.basic(client.getId(), client.getSecretKey()));
		return verified(tokens.json().get("id_token").asString()).getJWTClaimsSet().getSubject();
	}

	private String code(String verifier) {
		URI back = this.flows.signIn(OidcFlows.query(OidcFlows.request(this.project.getId(), REDIRECT, verifier)), "42",
				"Code Owner", "");
		return OidcFlows.parameters(back).get("code");
	}

	private Response exchange(String code, String verifier) {
		return this.flows.token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
				"code_verifier", verifier), "Authorization",
				OidcFlows.basic(this.project.getId(), this.project.getSecretKey()));
	}

	private SignedJWT verified(String jwt) throws ParseException, JOSEException {
		SignedJWT token = SignedJWT.parse(jwt);
		JWKSet keys = JWKSet.parse(this.api.get("/oauth2/jwks").body());
		ECKey key = (ECKey) keys.getKeyByKeyId(token.getHeader().getKeyID());
		assertThat(key).isNotNull();
		assertThat(key.isPrivate()).isFalse();
		assertThat(token.verify(new ECDSAVerifier(key))).isTrue();
		return token;
	}

}
