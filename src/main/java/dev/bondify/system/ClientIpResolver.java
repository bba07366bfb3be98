package dev.bondify.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * Finds the client's IP: the socket's address, or, when the socket belongs to a
 * configured trusted proxy, the right-most address in {@code X-Forwarded-For} that is not
 * itself a trusted proxy. A hop may carry a port ({@code 1.2.3.4:5678},
 * {@code [::1]:80}); a hop that is no IP literal ends the walk.
 */
@Component
public class ClientIpResolver {

	private static final Pattern IPV4 = Pattern
		.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

	private static final Pattern IPV4_WITH_PORT = Pattern.compile("([0-9.]+):\\d{1,5}");

	private static final Pattern BRACKETED_IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.]+)\\](?::\\d{1,5})?");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}");

	private final List<IpAddressMatcher> trusted;

	ClientIpResolver(WebProperties properties) {
		this.trusted = properties.trustedProxies()
			.stream()
			.map(String::trim)
			.filter(s -> !s.isEmpty())
			.map(IpAddressMatcher::new)
			.toList();
	}

	/**
	 * The client's IP in its canonical text form (IPv6 compressed as RFC 5952 writes it,
	 * {@code ::1} rather than {@code 0:0:0:0:0:0:0:1}): what rate limits count and what
	 * the bot shows the user.
	 */
	public String resolve(HttpServletRequest request) {
		return canonical(resolveLiteral(request));
	}

	private String resolveLiteral(HttpServletRequest request) {
		String remote = request.getRemoteAddr();
		if (this.trusted.isEmpty() || !isTrusted(remote)) {
			// Without trusted proxies the socket's address is the answer: nothing to
			// parse.
			return remote;
		}
		String forwarded = request.getHeader("X-Forwarded-For");
		if (forwarded == null || forwarded.isBlank()) {
			return remote;
		}
		String[] hops = forwarded.split(",");
		for (int i = hops.length - 1; i >= 0; i--) {
			String hop = parse(hops[i]);
			if (hop == null) {
				// Whatever stands left of junk was not written by a proxy we trust.
				return remote;
			}
			if (!isTrusted(hop)) {
				return hop;
			}
		}
		return remote;
	}

	/**
	 * What a per-client budget is counted by: an IPv4 address, or the /64 network of an
	 * IPv6 address (one subscriber gets a whole /64, so counting single IPv6 addresses
	 * would give one client 2^64 budgets).
	 */
	public static String bucketOf(String ip) {
		String canonical = canonical(ip);
		if (canonical == null || canonical.indexOf(':') < 0) {
			return canonical;
		}
		try {
			byte[] bytes = InetAddress.getByName(canonical).getAddress();
			if (bytes.length != 16) {
				return toIpv4(bytes);
			}
			byte[] network = new byte[16];
			System.arraycopy(bytes, 0, network, 0, 8);
			return canonical(InetAddress.getByAddress(network).getHostAddress()) + "/64";
		}
		catch (UnknownHostException ex) {
			return canonical;
		}
	}

	/**
	 * RFC 5952 text of an IPv6 literal (lower case, no leading zeros, the longest run of
	 * two or more zero groups as {@code ::}); anything else unchanged.
	 */
	static String canonical(String ip) {
		if (ip == null || ip.indexOf(':') < 0) {
			return ip;
		}
		String literal = (ip.startsWith("[") && ip.endsWith("]")) ? ip.substring(1, ip.length() - 1) : ip;
		int zone = literal.indexOf('%');
		String address = (zone >= 0) ? literal.substring(0, zone) : literal;
		if (!address.matches("[0-9A-Fa-f:.]+")) {
			return ip;
		}
		byte[] bytes;
		try {
			bytes = InetAddress.getByName(address).getAddress();
		}
		catch (UnknownHostException ex) {
			return ip;
		}
		if (bytes.length != 16) {
			// An IPv4-mapped address (::ffff:1.2.3.4) is that IPv4 address.
			return toIpv4(bytes);
		}
		int[] groups = new int[8];
		for (int i = 0; i < 8; i++) {
			groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
		}
		int bestStart = -1;
		int bestLength = 1;
		for (int i = 0; i < 8;) {
			if (groups[i] != 0) {
				i++;
				continue;
			}
			int j = i;
			while (j < 8 && groups[j] == 0) {
				j++;
			}
			if (j - i > bestLength) {
				bestStart = i;
				bestLength = j - i;
			}
			i = j;
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 8; i++) {
			if (i == bestStart) {
				text.append("::");
				i += bestLength - 1;
				continue;
			}
			if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
				text.append(':');
			}
			text.append(Integer.toHexString(groups[i]));
		}
		return text.toString();
	}

	private static String toIpv4(byte[] bytes) {
		return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
	}

	/**
	 * The IP literal in one {@code X-Forwarded-For} hop, without port or brackets, or
	 * null when the hop is not one. Never resolves a name: only strings that are already
	 * literals reach {@link InetAddress} (a string that starts with a hex digit or a
	 * colon and contains a colon is parsed as an IPv6 literal or refused, never looked
	 * up).
	 */
	static String parse(String hop) {
		String value = hop.strip();
		Matcher withPort = IPV4_WITH_PORT.matcher(value);
		if (withPort.matches()) {
			value = withPort.group(1);
		}
		if (IPV4.matcher(value).matches()) {
			return value;
		}
		Matcher bracketed = BRACKETED_IPV6.matcher(value);
		if (bracketed.matches()) {
			value = bracketed.group(1);
		}
		if (!value.contains(":") || !IPV6.matcher(value).matches()) {
			return null;
		}
		try {
			InetAddress.getByName(value);
			return value;
		}
		catch (UnknownHostException | IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Whether the request's socket belongs to a configured trusted proxy, whose
	 * {@code X-Forwarded-*} headers may therefore be believed.
	 */
	public boolean fromTrustedProxy(HttpServletRequest request) {
		return isTrusted(request.getRemoteAddr());
	}

	private boolean isTrusted(String address) {
		String literal = (address != null) ? parse(address) : null;
		if (literal == null) {
			return false;
		}
		for (IpAddressMatcher matcher : this.trusted) {
			if (matcher.matches(literal)) {
				return true;
			}
		}
		return false;
	}

}
