package dev.bondify.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The special-purpose registry with literal addresses only: parsed, never contacted,
 * never looked up.
 */
class SpecialPurposeAddressesTest {

	@ParameterizedTest
	@ValueSource(strings = { "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254",
			"127.0.0.1", "127.8.9.10", "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.2.1",
			"192.88.99.1", "192.168.1.1", "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.1",
			"239.255.255.250", "240.0.0.1", "255.255.255.255" })
	void ipv4SpecialPurposeRangesAreRefused(String literal) {
		assertThat(SpecialPurposeAddresses.contains(address(literal))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "::", "::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::10.0.0.1",
			"64:ff9b::8.8.8.8", "64:ff9b:1::1", "100::1", "2001::1", "2001:1ff::1", "2001:db8::1", "2001:db8:ffff::1",
			"2002:c000:0204::1", "2002::1", "fc00::1", "fd12:3456::1", "fe80::1", "febf::1", "ff02::1", "ff0e::1" })
	void ipv6SpecialPurposeRangesAreRefused(String literal) {
		assertThat(SpecialPurposeAddresses.contains(address(literal))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "1.1.1.1", "8.8.8.8", "93.184.216.34", "100.63.255.255", "100.128.0.0", "172.15.255.255",
			"172.32.0.0", "192.0.1.255", "192.0.3.0", "192.88.98.255", "192.169.0.0", "198.17.255.255", "198.20.0.0",
			"198.51.101.0", "203.0.112.255", "223.255.255.255", "2606:4700:4700::1111", "2001:200::1",
			"2001:4860:4860::8888", "2003::1", "2a00:1450:4001::1",
			// Mapped addresses are judged by the IPv4 address inside.
			"::ffff:8.8.8.8" })
	void publicAddressesAreAllowed(String literal) {
		assertThat(SpecialPurposeAddresses.contains(address(literal))).isFalse();
	}

	private static InetAddress address(String literal) {
		try {
			// A literal is parsed, not resolved.
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(literal, ex);
		}
	}

}
