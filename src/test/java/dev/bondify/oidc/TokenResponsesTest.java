package dev.bondify.oidc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.http.MockHttpOutputMessage;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The code exchange's answer is the library converter's JSON, member for member, and any
 * answer of another shape is left to the library.
 */
class TokenResponsesTest {

	private static final Instant ISSUED = Instant.parse("2026-12-07T14:00:00Z");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RegisteredClient client = RegisteredClient.withId("proj_responses")
		.clientId("proj_responses")
		.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
		.redirectUri("https://app.example/cb")
		.build();

	@Test
	void anAccessTokenAndAnIdTokenAreWrittenAsTheLibraryWritesThem() throws Exception {
		OAuth2AccessToken access = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "eyJ.a\"b\\c", ISSUED,
				ISSUED.plusSeconds(600), Set.of("openid", "profile"));
		OAuth2AccessTokenAuthenticationToken answer = answer(access, null, Map.of("id_token", "eyJ.id.token"));
		Instant built = ISSUED.plusMillis(1_500);

		JsonNode ours = JSON
			.readTree(new String(TokenResponses.body(answer, built, built.plusNanos(1_000)), StandardCharsets.UTF_8));

		MockHttpOutputMessage written = new MockHttpOutputMessage();
		new OAuth2AccessTokenResponseHttpMessageConverter()
			.write(OAuth2AccessTokenResponse.withToken(access.getTokenValue())
				.tokenType(access.getTokenType())
				.scopes(access.getScopes())
				.expiresIn(600)
				.additionalParameters(Map.of("id_token", "eyJ.id.token"))
				.build(), null, written);
		JsonNode theirs = JSON.readTree(written.getBodyAsString());
		// The token's lifetime from the moment the answer is built, counted in whole
		// seconds when it is written: as the library's builder and converter count it
		// (their two clocks' readings are the library's own; here 1 µs apart).
		assertThat(ours.get("expires_in").asLong()).isEqualTo(599);
		assertThat(theirs.get("expires_in").asLong()).isBetween(599L, 600L);
		((tools.jackson.databind.node.ObjectNode) ours).remove("expires_in");
		((tools.jackson.databind.node.ObjectNode) theirs).remove("expires_in");
		assertThat(ours).isEqualTo(theirs);
		assertThat(ours.get("access_token").asString()).isEqualTo("eyJ.a\"b\\c");
		assertThat(written.getHeaders().getContentType().toString()).isEqualTo(TokenResponses.CONTENT_TYPE);
	}

	@Test
	void expiresInIsTheLifetimeNotTheTimeLeftAndAtLeastASecond() throws Exception {
		OAuth2AccessToken access = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "a", ISSUED,
				ISSUED.plusSeconds(600), Set.of("openid"));
		// Built 3 s after the token was issued (a slow redemption): still the lifetime.
		Instant late = ISSUED.plusSeconds(3);
		assertThat(expiresIn(TokenResponses.body(answer(access, null, Map.of()), late, late))).isEqualTo(600);
		OAuth2AccessToken noIssue = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "a", null, null,
				Set.of("openid"));
		assertThat(expiresIn(TokenResponses.body(answer(noIssue, null, Map.of()), ISSUED, ISSUED))).isEqualTo(1);
	}

	private static long expiresIn(byte[] body) {
		return JSON.readTree(new String(body, StandardCharsets.UTF_8)).get("expires_in").asLong();
	}

	@Test
	void anAnswerOfAnotherShapeIsLeftToTheLibrary() {
		OAuth2AccessToken bearer = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "a", ISSUED,
				ISSUED.plusSeconds(600), Set.of("openid"));
		OAuth2AccessToken dpop = new OAuth2AccessToken(OAuth2AccessToken.TokenType.DPOP, "a", ISSUED,
				ISSUED.plusSeconds(600), Set.of("openid"));

		assertThat(TokenResponses.body(answer(bearer, new OAuth2RefreshToken("r", ISSUED), Map.of()), ISSUED, ISSUED))
			.isNull();
		assertThat(TokenResponses.body(answer(dpop, null, Map.of()), ISSUED, ISSUED)).isNull();
		assertThat(TokenResponses.body(answer(bearer, null, Map.of("id_token", "x", "other", "y")), ISSUED, ISSUED))
			.isNull();
		assertThat(TokenResponses.body(answer(bearer, null, Map.of("id_token", 7)), ISSUED, ISSUED)).isNull();
		assertThat(TokenResponses.body(answer(bearer, null, Map.of()), ISSUED, ISSUED)).isNotNull();
	}

	private OAuth2AccessTokenAuthenticationToken answer(OAuth2AccessToken access, OAuth2RefreshToken refresh,
			Map<String, Object> additional) {
		return new OAuth2AccessTokenAuthenticationToken(this.client,
				new OAuth2ClientAuthenticationToken(this.client, ClientAuthenticationMethod.CLIENT_SECRET_BASIC, "s"),
				access, refresh, additional);
	}

}
