package dev.bondify.oidc;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The userinfo resolver answers every header exactly as Spring Security's default
 * resolver does: the same token, the same "malformed" refusal, the same "no token", and
 * the same disregard of an {@code access_token} parameter.
 */
class StrictBearerTokensTest {

	private static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl-_~+/";

	private final BearerTokenResolver strict = new StrictBearerTokens();

	private final BearerTokenResolver reference = new DefaultBearerTokenResolver();

	@Test
	void aBearerHeaderGivesItsToken() {
		assertThat(this.strict.resolve(request("Bearer " + TOKEN))).isEqualTo(TOKEN);
		assertThat(this.strict.resolve(request("bEaReR " + TOKEN + "=="))).isEqualTo(TOKEN + "==");
		assertThat(this.strict.resolve(request(null))).isNull();
		assertThat(this.strict.resolve(request("Basic Zm9vOmJhcg=="))).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Bearer", "Bearer ", "Bearer  x", "Bearer x y", "Bearer =", "Bearer x=y", "Bearerx",
			"Bearer\tx", "Bearer x\u00e9", "BEAR\u0130R x" })
	void aMalformedBearerHeaderIsRefusedAsTheDefaultRefusesIt(String header) {
		Outcome expected = outcome(this.reference, header);
		assertThat(outcome(this.strict, header)).isEqualTo(expected);
		if (header.regionMatches(true, 0, "bearer", 0, 6)) {
			assertThatExceptionOfType(OAuth2AuthenticationException.class)
				.isThrownBy(() -> this.strict.resolve(request(header)))
				.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_token"))
				.satisfies((ex) -> assertThat(ex.getError().getDescription()).isEqualTo("Bearer token is malformed"));
		}
	}

	/** Seeded headers around the grammar's edges, each answered as the default does. */
	@Test
	void everyGeneratedHeaderIsAnsweredAsTheDefaultAnswersIt() {
		List<String> prefixes = List.of("Bearer ", "bearer ", "BEARER ", "Bearer", "Bearer  ", "Bearer\t", "Basic ",
				"Bear ", "", " Bearer ", "Bearer: ", "\u0130Bearer ");
		String alphabet = "aZ09-._~+/===  \t,;:\"\\\u00e9\u017f\u212a\u0000\u007f%*!";
		Random random = new Random(20261207);
		for (int i = 0; i < 20_000; i++) {
			StringBuilder header = new StringBuilder(prefixes.get(random.nextInt(prefixes.size())));
			int length = random.nextInt(12);
			for (int j = 0; j < length; j++) {
				header.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			String value = header.toString();
			assertThat(outcome(this.strict, value)).as("header [%s]", value).isEqualTo(outcome(this.reference, value));
		}
	}

	/**
	 * Spring Security 7.1's default resolver reads an {@code access_token} parameter only
	 * when allowed ({@code allowUriQueryParameter},
	 * {@code allowFormEncodedBodyParameter}, both false by default): a query or form
	 * parameter, alone, repeated or beside a header, changes nothing, and neither does it
	 * here.
	 */
	@Test
	void anAccessTokenParameterIsIgnoredAsTheDefaultIgnoresIt() {
		for (String header : new String[] { "Bearer " + TOKEN, "Bearer x y", "Basic Zm9vOmJhcg==", null }) {
			for (String method : new String[] { "GET", "POST", "PUT" }) {
				assertParametersIgnored(header, method, null);
				assertParametersIgnored(header, method, "application/x-www-form-urlencoded");
			}
		}
	}

	private void assertParametersIgnored(String header, String method, String contentType) {
		for (String[] values : new String[][] { { "other" }, { "other", "again" }, { "" } }) {
			MockHttpServletRequest query = request(header);
			query.setMethod(method);
			query.setContentType(contentType);
			query.setQueryString("access_token=" + values[0]);
			query.addParameter("access_token", values);
			MockHttpServletRequest form = request(header);
			form.setMethod(method);
			form.setContentType(contentType);
			form.addParameter("access_token", values);
			for (MockHttpServletRequest request : List.of(query, form)) {
				assertThat(outcome(this.strict, request))
					.as("%s %s %s %s", header, method, contentType, List.of(values))
					.isEqualTo(outcome(this.reference, request))
					.isEqualTo(outcome(this.strict, header));
			}
		}
	}

	private static Outcome outcome(BearerTokenResolver resolver, String header) {
		return outcome(resolver, request(header));
	}

	private static Outcome outcome(BearerTokenResolver resolver, MockHttpServletRequest request) {
		try {
			return new Outcome(resolver.resolve(request), null);
		}
		catch (OAuth2AuthenticationException ex) {
			return new Outcome(null, ex.getError().getErrorCode() + ": " + ex.getError().getDescription());
		}
	}

	private static MockHttpServletRequest request(String authorization) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/userinfo");
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		return request;
	}

	private record Outcome(String token, String error) {
	}

}
