package dev.bondify.oidc;

import java.net.URL;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.converter.ClaimConversionService;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customizer hands the claims' builder the issuer as the URL the builder itself would
 * make of the text, made once per issuer; a text the builder keeps as text stays text.
 */
class TelegramClaimsIssuerTest {

	private final TelegramClaims claims = new TelegramClaims(null, null);

	@Test
	void theIssuerIsTheUrlTheBuilderWouldMakeAndIsMadeOncePerIssuer() {
		Map<String, Object> first = issued("https://id.example:8443/base");
		Map<String, Object> second = issued("https://id.example:8443/base");
		Map<String, Object> other = issued("http://127.0.0.1:8080");

		// Compared as text: URL.equals resolves host names.
		URL expected = ClaimConversionService.getSharedInstance().convert("https://id.example:8443/base", URL.class);
		assertThat(first.get("iss")).isInstanceOf(URL.class);
		assertThat(((URL) first.get("iss")).toExternalForm()).isEqualTo(expected.toExternalForm())
			.isEqualTo("https://id.example:8443/base");
		assertThat(second.get("iss")).isSameAs(first.get("iss"));
		assertThat(((URL) other.get("iss")).toExternalForm()).isEqualTo(ClaimConversionService.getSharedInstance()
			.convert("http://127.0.0.1:8080", URL.class)
			.toExternalForm());
		// A token built from the customized claims carries what the builder's own
		// conversion gives.
		JwtClaimsSet built = JwtClaimsSet.builder().claims((c) -> c.putAll(first)).build();
		JwtClaimsSet library = JwtClaimsSet.builder().issuer("https://id.example:8443/base").build();
		assertThat(built.getIssuer().toExternalForm()).isEqualTo(library.getIssuer().toExternalForm());
	}

	@Test
	void anIssuerThatIsNoUrlStaysTextAsTheBuilderLeavesIt() {
		Map<String, Object> notUrl = issued("not a url");
		Map<String, Object> noScheme = issued("id.example");

		assertThat(notUrl.get("iss")).isEqualTo("not a url");
		assertThat(noScheme.get("iss")).isEqualTo("id.example");
		assertThat(JwtClaimsSet.builder().issuer("not a url").build().getClaims().get("iss")).isEqualTo("not a url");
		// And no issuer is none.
		Map<String, Object> none = new HashMap<>();
		this.claims.issuerAsUrl(none);
		assertThat(none).doesNotContainKey("iss");
	}

	private Map<String, Object> issued(String issuer) {
		Map<String, Object> map = new HashMap<>();
		map.put("iss", issuer);
		this.claims.issuerAsUrl(map);
		return map;
	}

}
