package dev.bondify.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The SSRF table: what a webhook URL may point at, strict by default and relaxed by the
 * two flags.
 */
class WebhookTargetGuardTest {

	/**
	 * Real resolution for literals and {@code localhost}; made-up names for the DNS
	 * cases.
	 */
	private static final Map<String, String> FAKE_DNS = Map.of("hooks.example.com", "93.184.216.34",
			"rebound.example.com", "10.1.2.3", "mixed.example.com", "93.184.216.34,127.0.0.1", "v6.example.com",
			"2606:2800:220:1:248:1893:25c8:1946");

	private final WebhookTargetGuard strict = new WebhookTargetGuard(false, false, WebhookTargetGuardTest::resolve);

	private final WebhookTargetGuard relaxed = new WebhookTargetGuard(true, true, WebhookTargetGuardTest::resolve);

	@ParameterizedTest
	@ValueSource(strings = { "https://hooks.example.com/bondify", "https://93.184.216.34/hook",
			"https://hooks.example.com:8443/a?b=c", "https://v6.example.com/hook",
			"https://[2606:2800:220:1:248:1893:25c8:1946]/hook", "HTTPS://hooks.example.com/hook" })
	void publicHttpsTargetsAreAllowed(String url) {
		assertThatNoException().isThrownBy(() -> this.strict.check(url));
	}

	@Nested
	class Refused {

		@ParameterizedTest
		@ValueSource(strings = { "http://hooks.example.com/hook", "ftp://hooks.example.com/hook",
				"hooks.example.com/hook", "https:///hook", "not a url", "https://user:pass@hooks.example.com/hook",
				"https://no-such-host.invalid/hook" })
		void malformedInsecureOrUnresolvableUrls(String url) {
			assertRefused(url);
		}

		@Test
		void urlsLongerThanTheColumn() {
			String path = "a".repeat(WebhookTargetGuard.MAX_LENGTH);
			assertRefused("https://hooks.example.com/" + path);
			assertThat(WebhookTargetGuardTest.this.relaxed.refusal("https://hooks.example.com/" + path)).isPresent();
		}

		@ParameterizedTest
		@ValueSource(strings = { "https://127.0.0.1/hook", "https://127.1.2.3/hook", "https://10.0.0.1/hook",
				"https://172.16.5.4/hook", "https://192.168.1.1/hook", "https://[::1]/hook",
				"https://169.254.169.254/latest/meta-data", "https://[fe80::1]/hook", "https://[fc00::1]/hook",
				"https://[fd12:3456::1]/hook", "https://0.0.0.0/hook", "https://[::]/hook", "https://100.64.0.1/hook",
				"https://224.0.0.1/hook", "https://[ff02::1]/hook", "https://255.255.255.255/hook",
				"https://[::ffff:127.0.0.1]/hook", "https://[::ffff:a00:1]/hook", "https://[64:ff9b::a9fe:a9fe]/hook",
				"https://2130706433/hook", "https://localhost/hook", "https://rebound.example.com/hook",
				"https://mixed.example.com/hook" })
		void internalTargets(String url) {
			assertRefused(url);
		}

		private void assertRefused(String url) {
			assertThatExceptionOfType(ApiException.class)
				.isThrownBy(() -> WebhookTargetGuardTest.this.strict.check(url))
				.satisfies(ex -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
				.withMessageStartingWith("webhook_url is not allowed: ");
		}

	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:8080/hook", "https://127.0.0.1/hook", "https://10.0.0.1/hook",
			"https://[::1]/hook", "https://169.254.169.254/latest/meta-data", "https://localhost/hook",
			"http://localhost:3000/hook", "https://rebound.example.com/hook" })
	void relaxingFlagsAllowInsecureAndPrivateTargets(String url) {
		assertThatNoException().isThrownBy(() -> this.relaxed.check(url));
	}

	@Test
	void eachFlagRelaxesOnlyItsOwnRule() {
		WebhookTargetGuard insecureOnly = new WebhookTargetGuard(true, false, WebhookTargetGuardTest::resolve);
		assertThatNoException().isThrownBy(() -> insecureOnly.check("http://hooks.example.com/hook"));
		assertThat(insecureOnly.refusal("http://127.0.0.1/hook")).isPresent();

		WebhookTargetGuard privateOnly = new WebhookTargetGuard(false, true, WebhookTargetGuardTest::resolve);
		assertThatNoException().isThrownBy(() -> privateOnly.check("https://127.0.0.1/hook"));
		assertThat(privateOnly.refusal("http://127.0.0.1/hook")).contains("it must start with https://");
	}

	@Test
	void defaultResolverTreatsLocalhostAsLoopback() {
		WebhookTargetGuard real = new WebhookTargetGuard(new WebhookProperties(false, false, Duration.ofSeconds(10),
				List.of(), Duration.ofDays(7), Duration.ofSeconds(1), 20, Duration.ofSeconds(10), 4, 16, 64));
		assertThat(real.refusal("https://localhost/hook"))
			.contains("its host resolves to a loopback, private or link-local address");
	}

	private static InetAddress[] resolve(String host) throws UnknownHostException {
		String fake = FAKE_DNS.get(host);
		if (fake == null) {
			if (host.endsWith(".example.com") || host.endsWith(".invalid")) {
				throw new UnknownHostException(host);
			}
			return InetAddress.getAllByName(host);
		}
		String[] literals = fake.split(",");
		InetAddress[] addresses = new InetAddress[literals.length];
		for (int i = 0; i < literals.length; i++) {
			addresses[i] = InetAddress.getByName(literals[i]);
		}
		return addresses;
	}

}
