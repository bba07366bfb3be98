package dev.bondify.system;

import java.io.IOException;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Requests that Tomcat refuses before Spring sees them, or that decode badly: each must
 * be answered with the JSON error contract and a 4xx, never HTML, an empty body or a 5xx.
 */
class HostileHttpIntegrationTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static Stream<Arguments> hostileRequests() {
		String big = "a".repeat(20_000);
		return Stream.of(arguments("bad request line", "GET /api v1 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
				arguments("garbage request line", "\u0001\u0002\u0003 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
				arguments("encoded slash", get("/api%2Fv1/verify/public"), 400),
				arguments("encoded NUL", get("/api/v1/%00"), 400),
				arguments("encoded backslash", get("/api%5Cv1/verify/public"), 400),
				arguments("header over the limit",
						"GET /api/v1/verify/public HTTP/1.1\r\nHost: x\r\nX-Big: " + big
								+ "\r\nConnection: close\r\n\r\n",
						400),
				arguments("unparsable Content-Length",
						"POST /api/v1/verify/public HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
								+ "Content-Length: abc\r\nConnection: close\r\n\r\n{}",
						400),
				arguments("control character in a header",
						"GET /api/v1/verify/public HTTP/1.1\r\nHost: x\r\nX-Test: a\u0001b\r\nConnection: close\r\n\r\n",
						400),
				arguments("CONNECT",
						"CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\nConnection: close\r\n\r\n", 405),
				arguments("PROPFIND", method("PROPFIND", "/api/v1/verify/public"), 405),
				arguments("FOO", method("FOO", "/"), 405), arguments("broken escape in path", get("/api/v1/%ZZ"), 400),
				arguments("overlong UTF-8 in path", get("/api/v1/%C0%AFx"), 400),
				arguments("broken escape in API query", get("/api/v1/dev/projects?cursor=%ZZ"), 400),
				arguments("overlong UTF-8 in API query", get("/api/v1/dev/projects?cursor=%C0%AF"), 400),
				arguments("broken escape in sandbox query", get("/sandbox/telegram?code=%ZZ"), 400),
				arguments("broken escape in sandbox path", get("/sandbox/%ZZ"), 400),
				arguments("broken escape in actuator query", get("/actuator/health?x=%ZZ%C0%AF"), 400),
				arguments("unknown actuator endpoint", get("/actuator/nothing-here"), 404),
				arguments("encoded unknown actuator endpoint", get("/actuator/%6Eothing"), 404),
				arguments("broken escape in a form",
						"POST /sandbox/telegram/confirm HTTP/1.1\r\nHost: localhost\r\n"
								+ "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n"
								+ "Connection: close\r\n\r\ncode=%Z",
						400),
				arguments("encoded percent", get("/api/v1/%25/x"), 400),
				arguments("path parameter, stripped as the router strips it", get("/api/v1/verify/public;x=1"), 405));
	}

	private static String get(String target) {
		return method("GET", target);
	}

	private static String method(String method, String target) {
		return method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileRequests")
	void hostileRequestIsAnsweredWithTheJsonErrorContract(String name, String request, int expectedStatus)
			throws IOException {
		RawHttp.Response response = RawHttp.send(this.port, request);
		assertThat(response.status()).as(name + ": " + response).isEqualTo(expectedStatus);
		assertThat(response.contentType()).as(name).isEqualToIgnoringCase("application/json;charset=UTF-8");
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.propertyNames()).as(name).containsExactlyInAnyOrder("error", "code");
		assertThat(body.get("error").asString()).as(name).isNotBlank();
		assertThat(body.get("code").asString()).as(name).matches("[A-Z_]+");
	}

}
