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

	public String resolve(HttpServletRequest request) {
		String remote = request.getRemoteAddr();
		if (!isTrusted(remote)) {
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
