package dev.bondify.oidc;

import java.net.URI;
import java.net.URL;
import java.security.Principal;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The compact attribute and metadata text keeps every field of the shapes Bondify stores
 * (the code flow's request, the signed-in principal, token claims), falls back to Spring
 * Authorization Server's typed JSON for any other shape, and reads both.
 */
class CompactMapsTest {

	private static final Instant CONFIRMED = Instant.parse("2026-12-07T08:01:02.123456789Z");

	@Test
	void theCodeFlowsAttributesKeepEveryField() {
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put(OAuth2AuthorizationRequest.class.getName(), request());
		attributes.put(Principal.class.getName(), user());

		String text = CompactMaps.write(attributes);
		Map<String, Object> read = CompactMaps.read(text);

		assertThat(CompactMaps.isCompact(text)).isTrue();
		assertThat(text).doesNotContain("@class");
		assertThat(read).containsOnlyKeys(attributes.keySet());
		OAuth2AuthorizationRequest request = (OAuth2AuthorizationRequest) read
			.get(OAuth2AuthorizationRequest.class.getName());
		assertSameRequest(request, request());
		UsernamePasswordAuthenticationToken user = (UsernamePasswordAuthenticationToken) read
			.get(Principal.class.getName());
		assertThat(user.isAuthenticated()).isTrue();
		assertThat(user.getName()).isEqualTo("0f6b9c1e-session");
		assertThat(user.getCredentials()).isNull();
		assertThat(user.getAuthorities()).singleElement().satisfies((authority) -> {
			assertThat(authority).isInstanceOf(FactorGrantedAuthority.class);
			assertThat(authority.getAuthority()).isEqualTo("FACTOR_TELEGRAM");
			assertThat(((FactorGrantedAuthority) authority).getIssuedAt()).isEqualTo(CONFIRMED);
		});
	}

	@Test
	void theTextIsJsonAsJacksonWritesItAndKeepsAwkwardText() throws Exception {
		String awkward = "Ann \"Q\" \\ O'Neil </script>&\n\r\t\b\f\u0000\u0001\u001f\u007f\u2028\u2029 Ελλάδα 😀";
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("name", awkward);
		claims.put(awkward, List.of(awkward, 1, -2L, true));
		claims.put("iss", URI.create("https://id.example.test/a?b=c&d=%22").toURL());
		claims.put("iat", Instant.ofEpochSecond(-1, 999_999_999));
		claims.put("max", Long.MIN_VALUE);
		claims.put("empty", Map.of());
		claims.put("none", List.of());
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("claims", claims);
		attributes.put(OAuth2AuthorizationRequest.class.getName(), request());
		attributes.put(Principal.class.getName(), user());

		String text = CompactMaps.write(attributes);

		JsonMapper json = JsonMapper.builder().build();
		assertThat(json.writeValueAsString(json.readTree(text))).isEqualTo(text);
		@SuppressWarnings("unchecked")
		Map<String, Object> read = (Map<String, Object>) CompactMaps.read(text).get("claims");
		// The URL compared as text (URL.equals resolves host names), the rest as values.
		assertThat(((URL) read.get("iss")).toExternalForm()).isEqualTo("https://id.example.test/a?b=c&d=%22");
		Map<String, Object> rest = new LinkedHashMap<>(read);
		rest.remove("iss");
		claims.remove("iss");
		assertThat(rest).isEqualTo(claims);
		assertThat(read.get(awkward)).isEqualTo(List.of(awkward, 1, -2L, true));
	}

	@Test
	void tokenMetadataKeepsEveryClaimWithItsType() throws Exception {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", URI.create("https://id.example.test").toURL());
		claims.put("sub", "pairwise-subject");
		claims.put("aud", List.of("prj_client"));
		claims.put("iat", CONFIRMED);
		claims.put("auth_time", new Date(CONFIRMED.toEpochMilli()));
		claims.put("updated_at", CONFIRMED.minusSeconds(3));
		claims.put("scope", new LinkedHashSet<>(List.of("openid", "phone")));
		claims.put("phone_number_verified", true);
		claims.put("telegram_id", 7_000_000_001L);
		claims.put("version", 2);
		claims.put("amr", new String[] { "telegram" });
		claims.put("nothing", null);
		claims.put("nested", Map.of("a", List.of(Map.of("b", "c"))));
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, false);
		metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims);

		Map<String, Object> read = CompactMaps.read(CompactMaps.write(metadata));

		assertThat(read.get(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME)).isEqualTo(false);
		@SuppressWarnings("unchecked")
		Map<String, Object> readClaims = (Map<String, Object>) read.get(OAuth2Authorization.Token.CLAIMS_METADATA_NAME);
		assertThat(readClaims).containsOnlyKeys(claims.keySet());
		claims.forEach((name, value) -> {
			if (value instanceof String[] texts) {
				assertThat(readClaims.get(name)).isInstanceOf(String[].class).isEqualTo(texts);
			}
			else {
				assertThat(readClaims.get(name)).as(name).isEqualTo(value);
				if (value != null) {
					assertThat(readClaims.get(name)).as(name).isInstanceOf(baseType(value));
				}
			}
		});
	}

	@Test
	void anUnknownShapeIsWrittenAsTypedJsonAndReadBack() {
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("kept", "text");
		attributes.put(Principal.class.getName(), new TestingAuthenticationToken("someone", null, "ROLE_X"));

		String text = CompactMaps.write(attributes);

		assertThat(CompactMaps.isCompact(text)).isFalse();
		assertThat(text).contains("@class");
		Map<String, Object> read = CompactMaps.read(text);
		assertThat(read.get("kept")).isEqualTo("text");
		assertThat(read.get(Principal.class.getName())).isInstanceOf(TestingAuthenticationToken.class);
	}

	@Test
	void aMapHoldingTheMarkKeyIsWrittenAsTypedJsonAndReadBackWhole() {
		for (Object marked : List.of(7, "not the version", new LinkedHashMap<>(Map.of("x", "y")))) {
			Map<String, Object> attributes = new LinkedHashMap<>();
			attributes.put(CompactMaps.MARK, marked);
			attributes.put("kept", "text");

			String text = CompactMaps.write(attributes);

			assertThat(CompactMaps.isCompact(text)).as(text).isFalse();
			assertThat(CompactMaps.read(text)).as(text).isEqualTo(attributes);
		}
		Map<String, Object> markedFirst = new LinkedHashMap<>();
		markedFirst.put(CompactMaps.MARK, 1);
		assertThat(CompactMaps.read(CompactMaps.write(markedFirst))).isEqualTo(markedFirst);
	}

	@Test
	void aPrincipalWithDetailsOrAnotherAuthorityIsNotCompacted() {
		UsernamePasswordAuthenticationToken withDetails = user();
		withDetails.setDetails("web details");
		assertThat(CompactMaps.isCompact(CompactMaps.write(Map.of("p", withDetails)))).isFalse();
		GrantedAuthority custom = () -> "CUSTOM";
		assertThat(CompactMaps.isCompact(CompactMaps
			.write(Map.of("p", UsernamePasswordAuthenticationToken.authenticated("x", null, List.of(custom))))))
			.isFalse();
		assertThat(CompactMaps.read(CompactMaps.write(Map.of("p",
				UsernamePasswordAuthenticationToken.authenticated("x", null,
						List.of(new SimpleGrantedAuthority("ROLE_USER")))))))
			.extractingByKey("p")
			.satisfies((p) -> assertThat(((UsernamePasswordAuthenticationToken) p).getAuthorities())
				.containsExactly(new SimpleGrantedAuthority("ROLE_USER")));
	}

	@Test
	void aDamagedCompactTextIsAnErrorNotAGuess() {
		assertThatIllegalArgumentException().isThrownBy(() -> CompactMaps.read("{\"~bondify\":1,\"x\":{\"zz\":1}}"));
		assertThatIllegalArgumentException().isThrownBy(() -> CompactMaps.read("{\"~bondify\":1,\"x\":12}"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CompactMaps.read("{\"~bondify\":1,\"x\":{\"t\":\"2026-12-07T08:00:00Z\"}}"));
		assertThatIllegalArgumentException().isThrownBy(() -> CompactMaps.read("{\"~bondify\":1,\"x\":"));
		assertThat(CompactMaps.read(null)).isEmpty();
	}

	private static Class<?> baseType(Object value) {
		return switch (value) {
			case Set<?> set -> Set.class;
			case List<?> list -> List.class;
			case Map<?, ?> map -> Map.class;
			default -> value.getClass();
		};
	}

	static OAuth2AuthorizationRequest request() {
		OAuth2AuthorizationRequest.Builder request = OAuth2AuthorizationRequest.authorizationCode();
		request.authorizationUri("http://localhost/oauth2/authorize");
		request.clientId("prj_client");
		request.redirectUri("https://app.example.test/callback?x=1");
		request.scopes(new LinkedHashSet<>(List.of("openid", "profile", "phone")));
		request.state("state-é-1");
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("nonce", "nonce-42");
		parameters.put("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
		parameters.put("code_challenge_method", "S256");
		parameters.put("prompt", new String[] { "login", "consent" });
		request.additionalParameters(parameters);
		request.attributes(Map.of("kept_attribute", "value"));
		return request.build();
	}

	static UsernamePasswordAuthenticationToken user() {
		return UsernamePasswordAuthenticationToken.authenticated("0f6b9c1e-session", null,
				List.of(FactorGrantedAuthority.withFactor("TELEGRAM").issuedAt(CONFIRMED).build()));
	}

	static void assertSameRequest(OAuth2AuthorizationRequest actual, OAuth2AuthorizationRequest expected) {
		assertThat(actual.getAuthorizationUri()).isEqualTo(expected.getAuthorizationUri());
		assertThat(actual.getGrantType()).isEqualTo(expected.getGrantType());
		assertThat(actual.getResponseType()).isEqualTo(expected.getResponseType());
		assertThat(actual.getClientId()).isEqualTo(expected.getClientId());
		assertThat(actual.getRedirectUri()).isEqualTo(expected.getRedirectUri());
		assertThat(actual.getScopes()).containsExactlyElementsOf(expected.getScopes());
		assertThat(actual.getState()).isEqualTo(expected.getState());
		assertThat(actual.getAdditionalParameters()).containsOnlyKeys(expected.getAdditionalParameters().keySet());
		expected.getAdditionalParameters()
			.forEach((name, value) -> assertThat(actual.getAdditionalParameters().get(name)).as(name).isEqualTo(value));
		assertThat(actual.getAttributes()).isEqualTo(expected.getAttributes());
		assertThat(actual.getAuthorizationRequestUri()).isEqualTo(expected.getAuthorizationRequestUri());
	}

}
