package dev.bondify.access;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.bondify.access.RawRequests.Answer;
import dev.bondify.project.Project;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.RequestLogLevel;
import dev.bondify.support.TestDevelopers.Developer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route family answers a header carrying a control character, a lone surrogate or
 * bytes that are not UTF-8 with 400 {@code INVALID_REQUEST} JSON, before any credential
 * is looked at, and nothing is recorded; the same request with a clean header is served.
 */
class HeaderValidationIntegrationTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String WEBHOOK_SECRET = "test-webhook-secret";

	private static Fixtures fixtures;

	/** Valid credentials and ids, so only the bad header can be the reason for a 400. */
	record Fixtures(String projectId, String secretKey, String sessionToken, String developerToken) {
	}

	/** One route family: method, path and a valid body. */
	record Route(String name, String method, String path, String body) {
	}

	/** A bad byte sequence, as bytes on the wire, inserted into a header value. */
	record Bad(String name, byte[] bytes) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	@BeforeEach
	void fixtures() {
		if (fixtures == null) {
			Developer developer = this.developers.register();
			Project project = this.projects.live();
			String token = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + project.getId() + "\"}")
				.field("session_token");
			fixtures = new Fixtures(project.getId(), project.getSecretKey(), token, developer.token());
		}
	}

	static List<Route> routes() {
		return List.of(new Route("generate/public", "POST", "/api/v1/generate/public", "{\"project_id\":\"%p\"}"),
				new Route("verify/public", "POST", "/api/v1/verify/public",
						"{\"project_id\":\"%p\",\"session_token\":\"%s\"}"),
				new Route("generate", "POST", "/api/v1/generate", "{\"project_id\":\"%p\"}"),
				new Route("verify", "POST", "/api/v1/verify", "{\"project_id\":\"%p\",\"session_token\":\"%s\"}"),
				new Route("proof/verify", "POST", "/api/v1/proof/verify", "{\"proof\":\"eyJ.x.y\"}"),
				new Route("telegram webhook", "POST", "/api/v1/telegram/webhook", "{\"update_id\":1}"),
				new Route("own-bot webhook", "POST", "/api/v1/telegram/webhook/123456", "{\"update_id\":1}"),
				new Route("developer API", "GET", "/api/v1/dev/me", null),
				new Route("developer login", "POST", "/api/v1/dev/login", "{\"email\":\"a@example.com\"}"),
				new Route("dashboard", "GET", "/dashboard", null),
				new Route("sandbox page", "GET", "/sandbox/telegram?start=abc", null),
				new Route("health", "GET", "/actuator/health", null),
				new Route("metrics", "GET", "/actuator/prometheus", null),
				new Route("OIDC discovery", "GET", "/.well-known/openid-configuration", null),
				new Route("OIDC token", "POST", "/oauth2/token", "{}"), new Route("userinfo", "GET", "/userinfo", null),
				new Route("unknown route", "GET", "/nothing-here", null));
	}

	static List<String> headers() {
		return List.of("Origin", "User-Agent", "Authorization", "X-Telegram-Bot-Api-Secret-Token", "X-Forwarded-For",
				"X-Custom-Header");
	}

	static List<Bad> badBytes() {
		return List.of(new Bad("C1 NEL 0x85", new byte[] { (byte) 0x85 }),
				new Bad("C1 CSI 0x9B", new byte[] { (byte) 0x9B }),
				new Bad("C1 as UTF-8 (C2 85)", new byte[] { (byte) 0xC2, (byte) 0x85 }),
				new Bad("C0 0x01", new byte[] { 0x01 }), new Bad("ESC 0x1B", new byte[] { 0x1B }),
				new Bad("DEL 0x7F", new byte[] { 0x7F }),
				new Bad("lone surrogate as UTF-8 (ED A0 80)", new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }),
				new Bad("undecodable 0xFF", new byte[] { (byte) 0xFF }),
				new Bad("truncated UTF-8 (E2 82)", new byte[] { (byte) 0xE2, (byte) 0x82 }),
				new Bad("overlong UTF-8 (C0 AF)", new byte[] { (byte) 0xC0, (byte) 0xAF }));
	}

	static Stream<Arguments> everyRouteTimesHeader() {
		List<Arguments> cases = new ArrayList<>();
		for (Route route : routes()) {
			for (String header : headers()) {
				cases.add(Arguments.of(route.name(), header));
			}
		}
		return cases.stream();
	}

	/** Every route family × header, each with every bad byte sequence. */
	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("everyRouteTimesHeader")
	void badHeaderIsRefusedWith400JsonAndChangesNothing(String routeName, String header) throws IOException {
		Route route = route(routeName);
		long sessions = count("auth_sessions");
		long updates = count("telegram_updates");
		long developers = count("developers");
		List<String> problems = new ArrayList<>();
		for (Bad bad : badBytes()) {
			Answer answer = send(route, header, validValue(header), bad.bytes());
			if (answer.status() != 400 || !answer.head().toLowerCase(Locale.ROOT).contains("application/json")) {
				problems.add(bad + ": " + answer.status() + " " + answer.body());
				continue;
			}
			JsonNode body = JSON.readTree(answer.body());
			if (!"INVALID_REQUEST".equals(body.path("code").asString(null)) || body.size() != 2
					|| !body.path("error").isString()) {
				problems.add(bad + ": " + answer.body());
			}
		}
		assertThat(problems).isEmpty();
		assertThat(count("auth_sessions")).isEqualTo(sessions);
		assertThat(count("telegram_updates")).isEqualTo(updates);
		assertThat(count("developers")).isEqualTo(developers);
	}

	/**
	 * The audit's flood, scaled down: each refused request adds at most its one short
	 * request-log line, no stack trace and no raw control character.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void refusedHeadersAddAtMostOneShortLogLineEachAndNoStackTrace(CapturedOutput output) throws IOException {
		RequestLogLevel.on();
		int before = output.getAll().length();
		int requests = 0;
		try {
			for (Route route : routes()) {
				for (Bad bad : badBytes()) {
					send(route, "User-Agent", "Mozilla/5.0", bad.bytes());
					requests++;
				}
			}
		}
		finally {
			RequestLogLevel.off();
		}
		String added = output.getAll().substring(before);
		assertThat(added).as("the request log is on").contains(" 400 ");
		List<String> lines = added.lines().filter(line -> !line.isBlank()).toList();
		assertThat(lines).hasSizeLessThanOrEqualTo(requests);
		assertThat(lines).allSatisfy(line -> assertThat(line).hasSizeLessThan(300));
		assertThat(added).doesNotContain("\tat ");
		assertThat(added.chars()
			.filter(c -> (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || (c >= 0x7F && c <= 0x9F))).isEmpty();
	}

	/**
	 * The audit's flood at full speed from one client on loopback, for a few seconds: the
	 * log grows by the budget's few lines a second, not by a line per request, so ten
	 * seconds stay far below 1 MB. A normal request still gets its line.
	 */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aFloodOfRefusedRequestsAddsAFewKilobytesOfLogASecond(CapturedOutput output) throws IOException {
		Route route = route("generate/public");
		byte[] bad = { (byte) 0x85 };
		RequestLogLevel.on();
		int before = output.getAll().length();
		long started = System.nanoTime();
		long deadline = started + 3_000_000_000L;
		int requests = 0;
		Answer clean;
		try {
			while (System.nanoTime() < deadline) {
				assertThat(send(route, "User-Agent", "Mozilla/5.0", bad).status()).isEqualTo(400);
				requests++;
			}
			clean = send(route("generate"), "User-Agent", "Mozilla/5.0", null);
		}
		finally {
			RequestLogLevel.off();
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		String added = output.getAll().substring(before);
		long bytes = added.getBytes(StandardCharsets.UTF_8).length;
		System.out.printf("Refused-request flood: %d requests in %.1f s added %d bytes of log%n", requests, seconds,
				bytes);

		assertThat(clean.status()).isEqualTo(200);
		assertThat(added).contains("POST /api/v1/generate 200 ");
		assertThat(added).containsPattern("\\d+ more refused requests \\(4xx\\) in a flood were not logged");
		assertThat(requests).as("a flood, not a trickle").isGreaterThan(300);
		// Ten seconds of this flood, from what three seconds added.
		assertThat(bytes * 10 / seconds).as("%d requests in %.1f s logged %d bytes", requests, seconds, bytes)
			.isLessThan(1_000_000);
		assertThat(bytes).isLessThan(requests * 40L);
	}

	@Test
	void theSameRequestsWithCleanHeadersAreServed() throws IOException {
		long sessions = count("auth_sessions");
		Answer generated = send(route("generate"), "User-Agent", "Mozilla/5.0 (X11) Ünïcødé…", null);
		assertThat(generated.status()).as(generated.body()).isEqualTo(200);
		Answer me = send(route("developer API"), "X-Custom-Header", "tab\there", null);
		assertThat(me.status()).as(me.body()).isEqualTo(200);
		Answer publicGenerate = send(route("generate/public"), "Origin", "https://shop.example.com", null);
		assertThat(publicGenerate.status()).as(publicGenerate.body()).isEqualTo(200);
		assertThat(count("auth_sessions")).isEqualTo(sessions + 2);
	}

	@Test
	void legitimateUtf8InAHeaderIsAcceptedAndAStrayC1IsNot() {
		assertThat(HeaderValidationFilter.isAcceptable(latin1("Ünïcødé … 😀"))).isTrue();
		assertThat(HeaderValidationFilter.isAcceptable("plain ascii\twith tab")).isTrue();
		assertThat(HeaderValidationFilter.isAcceptable("a\u0085b")).isFalse();
		assertThat(HeaderValidationFilter.isAcceptable(latin1("a\u0085b"))).isFalse();
		assertThat(HeaderValidationFilter.isAcceptable("caf\u00e9")).as("a Latin-1 byte that is not UTF-8").isFalse();
		assertThat(HeaderValidationFilter.isAcceptable("x\ud800y")).isFalse();
		assertThat(HeaderValidationFilter.isAcceptable("\ud83d\ude00 \u4e2d")).isTrue();
		assertThat(HeaderValidationFilter.isAcceptable("\u007f")).isFalse();
	}

	/** The UTF-8 bytes of {@code text} as Tomcat hands them over: one char per byte. */
	private static String latin1(String text) {
		return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
	}

	private Answer send(Route route, String header, String value, byte[] bad) throws IOException {
		StringBuilder head = new StringBuilder();
		head.append(route.method()).append(' ').append(route.path()).append(" HTTP/1.1\r\n");
		head.append("Host: 127.0.0.1:").append(this.port).append("\r\n");
		head.append("Accept: application/json\r\n");
		if (route.body() != null) {
			head.append("Content-Type: application/json\r\n");
		}
		if (!header.equals("Authorization")) {
			String credential = credential(route);
			if (credential != null) {
				head.append(credential).append("\r\n");
			}
		}
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		line.writeBytes((header + ": ").getBytes(StandardCharsets.ISO_8859_1));
		byte[] text = value.getBytes(StandardCharsets.UTF_8);
		int half = text.length / 2;
		line.write(text, 0, half);
		if (bad != null) {
			line.writeBytes(bad);
		}
		line.write(text, half, text.length - half);
		String body = (route.body() != null)
				? route.body().replace("%p", fixtures.projectId()).replace("%s", fixtures.sessionToken()) : null;
		return RawRequests.send(this.port, head.toString(), line.toByteArray(), body);
	}

	private static Route route(String name) {
		return routes().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
	}

	private static String credential(Route route) {
		return switch (route.name()) {
			case "generate", "verify", "proof/verify" -> "Authorization: Bearer " + fixtures.secretKey();
			case "developer API" -> "Authorization: Bearer " + fixtures.developerToken();
			case "telegram webhook", "own-bot webhook" -> "X-Telegram-Bot-Api-Secret-Token: " + WEBHOOK_SECRET;
			default -> null;
		};
	}

	private static String validValue(String header) {
		return switch (header) {
			case "Origin" -> "https://shop.example.com";
			case "Authorization" -> "Bearer " + fixtures.secretKey();
			case "X-Telegram-Bot-Api-Secret-Token" -> WEBHOOK_SECRET;
			case "X-Forwarded-For" -> "203.0.113.9";
			default -> "Mozilla/5.0 (X11; Linux x86_64)";
		};
	}

}
