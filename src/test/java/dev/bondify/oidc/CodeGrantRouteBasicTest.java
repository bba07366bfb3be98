package dev.bondify.oidc;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route splits an Authorization header as the library's Basic converter does
 * ({@code header.split("\\s")}) wherever the result decides anything: the same two parts,
 * or not two parts.
 */
class CodeGrantRouteBasicTest {

	@Test
	void aHeaderSplitsIntoTheSamePartsAsTheLibrarysRegularExpressionGives() {
		List<String> headers = List.of("Basic abc", "basic abc", "Basic  abc", " Basic abc", "Basic abc ",
				"Basic abc \t", "Basic\tabc", "Basic\u000Babc", "Basic\fabc", "Basic\rabc", "Basic abc\n", "Basic",
				"Basic ", "Basic   ", "   ", "", " ", "Basic a b", "Basic a\tb", "Basic\u00A0abc", "Basic abc\u2003",
				"\tBasic abc", "Bearer x", "Basic YWJjOmRlZg==");
		for (String header : headers) {
			String[] expected = header.split("\\s");
			String[] ours = CodeGrantRoute.Exchange.splitAtWhitespace(header);
			assertThat(ours.length == 2).as("[%s] has two parts", header).isEqualTo(expected.length == 2);
			if (expected.length == 2) {
				assertThat(ours).as(header).containsExactly(expected);
			}
		}
	}

}
