package dev.bondify.session;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests take the direct route of generate: a POST to one of its two paths with
 * {@code Content-Type: application/json} exactly; everything else is left to MVC.
 */
class GenerateRouteTest {

	@ParameterizedTest
	@CsvSource(nullValues = "-",
			value = { "POST, '', /api/v1/generate/public, application/json, /api/v1/generate/public",
					"POST, '', /api/v1/generate, application/json, /api/v1/generate",
					"POST, '', /api/v1/generate/public, APPLICATION/JSON, /api/v1/generate/public",
					"POST, /app, /app/api/v1/generate/public, application/json, /api/v1/generate/public",
					"POST, /app, /app/api/v1/generate, application/json, /api/v1/generate",
					"POST, '', /api/v1/generate/public, application/json;charset=UTF-8, -",
					"POST, '', /api/v1/generate/public, application/json; charset=ISO-8859-1, -",
					"POST, '', /api/v1/generate/public, text/plain, -", "POST, '', /api/v1/generate/public, -, -",
					"POST, '', /api/v1/generate/public, application/vnd.api+json, -",
					"POST, '', /api/v1/generate/public/, application/json, -",
					"POST, '', /api/v1/generate/publicx, application/json, -",
					"POST, '', /api/v1/generatex, application/json, -",
					"POST, '', /API/v1/generate, application/json, -",
					"POST, '', /api/v1/verify/public, application/json, -",
					"POST, /app, /api/v1/generate/public, application/json, -",
					"GET, '', /api/v1/generate/public, application/json, -",
					"OPTIONS, '', /api/v1/generate/public, application/json, -",
					"post, '', /api/v1/generate/public, application/json, -" })
	void takesOnlyAJsonPostToAGeneratePath(String method, String contextPath, String uri, String contentType,
			String expected) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
		request.setContextPath(contextPath);
		request.setContentType(contentType);
		assertThat(GenerateRoute.path(request)).isEqualTo(expected);
	}

}
