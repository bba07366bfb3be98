package dev.bondify.webhook;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The IANA special-purpose address registries (IPv4 and IPv6) plus multicast and the
 * reserved blocks: every range a public webhook endpoint cannot legitimately live in.
 * IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64) are judged by the
 * embedded address as well.
 */
final class SpecialPurposeAddresses {

	private static final List<Block> IPV4 = List.of(block("0.0.0.0/8"), // "this network"
			block("10.0.0.0/8"), // private
			block("100.64.0.0/10"), // carrier-grade NAT
			block("127.0.0.0/8"), // loopback
			block("169.254.0.0/16"), // link-local (cloud metadata)
			block("172.16.0.0/12"), // private
			block("192.0.0.0/24"), // IETF protocol assignments
			block("192.0.2.0/24"), // TEST-NET-1
			block("192.31.196.0/24"), // AS112-v4
			block("192.52.193.0/24"), // AMT
			block("192.88.99.0/24"), // deprecated 6to4 relay anycast
			block("192.168.0.0/16"), // private
			block("192.175.48.0/24"), // direct delegation AS112
			block("198.18.0.0/15"), // benchmarking
			block("198.51.100.0/24"), // TEST-NET-2
			block("203.0.113.0/24"), // TEST-NET-3
			block("224.0.0.0/4"), // multicast
			block("240.0.0.0/4"), // reserved, includes 255.255.255.255
			block("255.255.255.255/32"));

	private static final List<Block> IPV6 = List.of(block("::/128"), // unspecified
			block("::1/128"), // loopback
			block("::ffff:0:0/96"), // IPv4-mapped
			block("::/96"), // IPv4-compatible (deprecated)
			block("64:ff9b::/96"), // NAT64
			block("64:ff9b:1::/48"), // local-use NAT64
			block("100::/64"), // discard-only
			block("2001::/23"), // IETF protocol assignments (Teredo, ORCHID, ...)
			block("2001:db8::/32"), // documentation
			block("2002::/16"), // 6to4
			block("3fff::/20"), // documentation (2024)
			block("5f00::/16"), // segment routing SIDs
			block("fc00::/7"), // unique-local
			block("fe80::/10"), // link-local
			block("fec0::/10"), // deprecated site-local
			block("ff00::/8")); // multicast

	private static final List<Block> EMBEDDING_IPV4 = List.of(block("::ffff:0:0/96"), block("::/96"),
			block("64:ff9b::/96"));

	private SpecialPurposeAddresses() {
	}

	/** True for every address a public webhook must not reach. */
	static boolean contains(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (address instanceof Inet6Address) {
			Inet4Address embedded = embeddedIpv4(bytes);
			if (embedded != null && contains(embedded)) {
				return true;
			}
			return IPV6.stream().anyMatch(block -> block.contains(bytes));
		}
		return IPV4.stream().anyMatch(block -> block.contains(bytes));
	}

	/**
	 * The IPv4 address inside an IPv4-mapped ({@code ::ffff:0:0/96}), IPv4-compatible
	 * ({@code ::/96}) or NAT64 ({@code 64:ff9b::/96}) IPv6 address, or null.
	 */
	private static Inet4Address embeddedIpv4(byte[] b) {
		if (EMBEDDING_IPV4.stream().noneMatch(block -> block.contains(b))) {
			return null;
		}
		try {
			return (Inet4Address) InetAddress.getByAddress(new byte[] { b[12], b[13], b[14], b[15] });
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Block block(String cidr) {
		int slash = cidr.indexOf('/');
		try {
			// An address literal: parsed, never looked up.
			byte[] network = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
			return new Block(network, Integer.parseInt(cidr.substring(slash + 1)));
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(cidr, ex);
		}
	}

	/** One CIDR block. */
	private record Block(byte[] network, int prefix) {

		boolean contains(byte[] address) {
			if (address.length != this.network.length) {
				return false;
			}
			int bits = address.length * 8;
			BigInteger mask = BigInteger.ONE.shiftLeft(bits)
				.subtract(BigInteger.ONE)
				.shiftRight(bits - this.prefix)
				.shiftLeft(bits - this.prefix);
			return new BigInteger(1, address).and(mask).equals(new BigInteger(1, this.network).and(mask));
		}

	}

}
