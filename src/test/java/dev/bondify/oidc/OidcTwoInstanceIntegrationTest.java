package dev.bondify.oidc;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.SecondInstance;
import dev.bondify.system.ChangeNotifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one database: a sign-in page shown by one is confirmed, waited for,
 * continued and turned into a code by the other, and the code is exchanged back on the
 * first; nothing of a sign-in lives in one instance's memory.
 */
class OidcTwoInstanceIntegrationTest extends IntegrationTest {

	private static final String REDIRECT = "http://127.0.0.1:9/cb";

	@RegisterExtension
	static final SecondInstance other = new SecondInstance();

	@Test
	void aSignInStartedOnOneInstanceFinishesOnTheOther() throws Exception {
		await().atMost(Duration.ofSeconds(20)).until(() -> other.getBean(ChangeNotifications.class).isListening());
		Project project = this.projects.sandbox();
		this.jdbc.update("update projects set redirect_uris = ?::text[] where id = ?", "{" + REDIRECT + "}",
				project.getId());
		ApiClient otherApi = new ApiClient(other.port());
		OidcFlows here = new OidcFlows(this.api);
		OidcFlows there = new OidcFlows(otherApi);
		String verifier = UUID.randomUUID() + "-two";
		Map<String, String> request = OidcFlows.request(project.getId(), REDIRECT, verifier);

		OidcFlows.SignInPage page = here.open(OidcFlows.query(request));
		here.confirmInSandbox(page, "31337", "Two Instances", "");
		assertThat(there.await(page).field("status")).isEqualTo("confirmed");
		Response next = there.next(page);
		assertThat(next.field("status")).isEqualTo("confirmed");
		URI back = there.follow(next.field("location"));
		Map<String, String> answer = OidcFlows.parameters(back);
		assertThat(answer).containsEntry("state", request.get("state")).containsKey("code");

		Response tokens = here.token(
				Map.of("grant_type", "authorization_code", "code", answer.get("code"), "redirect_uri", REDIRECT,
						"code_verifier", verifier),
				"Authorization", OidcFlows.basic(project.getId(), project.getSecretKey()));
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		SignedJWT idToken = SignedJWT.parse(tokens.json().get("id_token").asString());
		ECKey key = (ECKey) JWKSet.parse(this.api.get("/oauth2/jwks").body())
			.getKeyByKeyId(idToken.getHeader().getKeyID());
		assertThat(idToken.verify(new ECDSAVerifier(key))).isTrue();
		assertThat(idToken.getJWTClaimsSet().getStringClaim("telegram_id")).isEqualTo("31337");

		Response replayedThere = there.token(
				Map.of("grant_type", "authorization_code", "code", answer.get("code"), "redirect_uri", REDIRECT,
						"code_verifier", verifier),
				"Authorization", OidcFlows.basic(project.getId(), project.getSecretKey()));
		assertThat(replayedThere.status()).isEqualTo(400);
		assertThat(replayedThere.field("error")).isEqualTo("invalid_grant");
	}

}
