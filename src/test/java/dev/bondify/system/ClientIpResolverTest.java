package dev.bondify.system;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code X-Forwarded-For} as real proxies write it (ports, brackets) and as attackers do
 * (junk, out-of-range octets, names that must never be looked up).
 */
class ClientIpResolverTest {

	private final ClientIpResolver resolver = new ClientIpResolver(
			new WebProperties(DataSize.ofKilobytes(16), DataSize.ofMegabytes(1),
					List.of("127.0.0.1", "::1", "10.0.0.0/8"), new WebProperties.RateLimit(60, 600, 10)));

	@ParameterizedTest
	@CsvSource({ "1.2.3.4, 1.2.3.4", "' 1.2.3.4 ', 1.2.3.4", "1.2.3.4:5678, 1.2.3.4", "0.0.0.0, 0.0.0.0",
			"255.255.255.255:1, 255.255.255.255", "::1, ::1", "[::1], ::1", "[::1]:80, ::1", "2001:db8::7, 2001:db8::7",
			"[2001:db8::7]:443, 2001:db8::7", "::ffff:1.2.3.4, ::ffff:1.2.3.4" })
	void parseTakesTheAddressWithoutPortOrBrackets(String hop, String expected) {
		assertThat(ClientIpResolver.parse(hop)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "unknown", "256.1.1.1", "1.2.3.999", "1.2.3", "1.2.3.4.5", "01.2.3.4x",
			"1.2.3.4:", "1.2.3.4:123456", "[1.2.3.4]", "[::1", "::1]:80", "localhost", "example.org", ".:1", ":::::",
			"1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "\u0000", "1.2.3.4\u0000", "%31.2.3.4",
			"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })
	void parseRefusesWhatIsNoIpLiteral(String hop) {
		assertThat(ClientIpResolver.parse(hop)).isNull();
	}

	@ParameterizedTest
	@CsvSource({ "0:0:0:0:0:0:0:1, ::1", "[::1], ::1",
			"2001:0DB8:0000:0000:0000:ff00:0042:8329, 2001:db8::ff00:42:8329",
			"2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", "1:0:0:2:0:0:0:3, 1:0:0:2::3", "0:0:0:0:0:0:0:0, ::",
			"fe80:0:0:0:0:0:0:1, fe80::1", "::ffff:1.2.3.4, 1.2.3.4", "1.2.3.4, 1.2.3.4" })
	void canonicalWritesIpv6AsRfc5952Does(String ip, String expected) {
		assertThat(ClientIpResolver.canonical(ip)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "2001:db8:1:2:3:4:5:6, 2001:db8:1:2::/64", "2001:db8:1:2:ffff:ffff:ffff:ffff, 2001:db8:1:2::/64",
			"::1, ::/64", "::ffff:1.2.3.4, 1.2.3.4", "1.2.3.4, 1.2.3.4" })
	void budgetsCountAnIpv6ClientByItsSlash64(String ip, String bucket) {
		assertThat(ClientIpResolver.bucketOf(ip)).isEqualTo(bucket);
	}

	@Test
	void theRemoteAddressIsShownCompressed() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr("0:0:0:0:0:0:0:1");
		assertThat(this.resolver.resolve(request)).isEqualTo("::1");
	}

	@Test
	void trustedProxyWithPortsYieldsTheClient() {
		assertThat(resolve("127.0.0.1", "203.0.113.9:5678, 10.1.2.3:80")).isEqualTo("203.0.113.9");
		assertThat(resolve("::1", "[2001:db8::1]:443")).isEqualTo("2001:db8::1");
	}

	@Test
	void junkEndsTheWalkAtTheProxy() {
		assertThat(resolve("127.0.0.1", "203.0.113.9, garbage")).isEqualTo("127.0.0.1");
		assertThat(resolve("127.0.0.1", "999.1.1.1")).isEqualTo("127.0.0.1");
		assertThat(resolve("127.0.0.1", ",,,")).isEqualTo("127.0.0.1");
	}

	@Test
	void junkLeftOfTheClientIsIgnored() {
		assertThat(resolve("127.0.0.1", "evil, 203.0.113.9")).isEqualTo("203.0.113.9");
	}

	@Test
	void untrustedSocketIgnoresTheHeader() {
		assertThat(resolve("198.51.100.4", "203.0.113.9")).isEqualTo("198.51.100.4");
	}

	@Test
	void withoutTrustedProxiesTheSocketIsTheClientWhateverTheHeaderSays() {
		ClientIpResolver direct = new ClientIpResolver(new WebProperties(DataSize.ofKilobytes(16),
				DataSize.ofMegabytes(1), List.of(" ", ""), new WebProperties.RateLimit(60, 600, 10)));
		for (String remote : List.of("127.0.0.1", "0:0:0:0:0:0:0:1", "198.51.100.4")) {
			MockHttpServletRequest request = new MockHttpServletRequest();
			request.setRemoteAddr(remote);
			request.addHeader("X-Forwarded-For", "203.0.113.9");
			assertThat(direct.resolve(request)).isEqualTo(ClientIpResolver.canonical(remote));
			assertThat(direct.fromTrustedProxy(request)).isFalse();
		}
	}

	private String resolve(String remote, String forwarded) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr(remote);
		request.addHeader("X-Forwarded-For", forwarded);
		return this.resolver.resolve(request);
	}

}
