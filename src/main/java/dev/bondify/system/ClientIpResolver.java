package dev.bondify.system;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * Finds the client's IP: the socket's address, or, when the socket belongs to a
 * configured trusted proxy, the right-most address in {@code X-Forwarded-For} that is not
 * itself a trusted proxy.
 */
@Component
public class ClientIpResolver {

	private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

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
			String hop = hops[i].trim();
			if (!IP_LITERAL.matcher(hop).matches()) {
				return remote;
			}
			if (!isTrusted(hop)) {
				return hop;
			}
		}
		return remote;
	}

	/**
	 * Whether the request's socket belongs to a configured trusted proxy, whose
	 * {@code X-Forwarded-*} headers may therefore be believed.
	 */
	public boolean fromTrustedProxy(HttpServletRequest request) {
		return isTrusted(request.getRemoteAddr());
	}

	private boolean isTrusted(String address) {
		if (address == null || !IP_LITERAL.matcher(address).matches()) {
			return false;
		}
		for (IpAddressMatcher matcher : this.trusted) {
			if (matcher.matches(address)) {
				return true;
			}
		}
		return false;
	}

}
