package dev.bondify.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.bondify.project.WebhookUrlPolicy;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * The SSRF guard on webhook URLs: {@code https://} only, and a host that does not resolve
 * to a loopback, private, link-local, multicast, unspecified or otherwise internal
 * address; checked when a URL is saved and again right before each send, because DNS
 * answers change. It is the project package's {@link WebhookUrlPolicy}, so saving an
 * unsafe URL answers 400 {@code INVALID_REQUEST}.
 */
@Component
public class WebhookTargetGuard implements WebhookUrlPolicy {

	/** The size of the {@code webhook_url} column. */
	static final int MAX_LENGTH = 2048;

	private final boolean allowInsecure;

	private final boolean allowPrivateTargets;

	private final HostResolver resolver;

	@Autowired
	WebhookTargetGuard(WebhookProperties properties) {
		this(properties.allowInsecure(), properties.allowPrivateTargets(), InetAddress::getAllByName);
	}

	WebhookTargetGuard(boolean allowInsecure, boolean allowPrivateTargets, HostResolver resolver) {
		this.allowInsecure = allowInsecure;
		this.allowPrivateTargets = allowPrivateTargets;
		this.resolver = resolver;
	}

	/** Refuses an unsafe webhook URL with 400 {@code INVALID_REQUEST}. */
	@Override
	public void check(String url) {
		refusal(url).ifPresent(reason -> {
			throw new ApiException(ErrorCode.INVALID_REQUEST, "webhook_url is not allowed: " + reason + ".");
		});
	}

	/** Why this URL must not be called, or empty when it may. */
	Optional<String> refusal(String url) {
		if (url != null && url.length() > MAX_LENGTH) {
			return Optional.of("it is longer than " + MAX_LENGTH + " characters");
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException | NullPointerException ex) {
			return Optional.of("it is not a valid URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("https") && !(this.allowInsecure && scheme.equals("http"))) {
			return Optional
				.of(this.allowInsecure ? "it must start with https:// or http://" : "it must start with https://");
		}
		if (uri.getRawUserInfo() != null) {
			return Optional.of("it must not contain credentials");
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			return Optional.of("it has no host");
		}
		if (this.allowPrivateTargets) {
			return Optional.empty();
		}
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		InetAddress[] addresses;
		try {
			addresses = this.resolver.resolve(host);
		}
		catch (UnknownHostException ex) {
			return Optional.of("its host does not resolve");
		}
		for (InetAddress address : addresses) {
			if (isInternal(address)) {
				return Optional.of("its host resolves to a loopback, private or link-local address");
			}
		}
		return (addresses.length == 0) ? Optional.of("its host does not resolve") : Optional.empty();
	}

	/** True for every address a public webhook must not reach. */
	static boolean isInternal(InetAddress address) {
		if (address instanceof Inet6Address v6) {
			byte[] b = v6.getAddress();
			Inet4Address embedded = embeddedIpv4(b);
			if (embedded != null) {
				return isInternal(embedded);
			}
			int first = b[0] & 0xff;
			return v6.isAnyLocalAddress() || v6.isLoopbackAddress() || v6.isLinkLocalAddress()
					|| v6.isSiteLocalAddress() || v6.isMulticastAddress()
					// fc00::/7 unique-local
					|| (first & 0xfe) == 0xfc
					// 2001:db8::/32 documentation
					|| (first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8);
		}
		byte[] b = address.getAddress();
		int a0 = b[0] & 0xff;
		int a1 = b[1] & 0xff;
		return address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()
				// 0.0.0.0/8 "this network"
				|| a0 == 0
				// 100.64.0.0/10 carrier-grade NAT
				|| (a0 == 100 && (a1 & 0xc0) == 64)
				// 192.0.0.0/24 protocol assignments
				|| (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0)
				// 198.18.0.0/15 benchmarking
				|| (a0 == 198 && (a1 & 0xfe) == 18)
				// 240.0.0.0/4 reserved, and the broadcast address
				|| a0 >= 240;
	}

	/**
	 * The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64
	 * ({@code 64:ff9b::/96}) IPv6 address.
	 */
	private static Inet4Address embeddedIpv4(byte[] b) {
		boolean zeroPrefix = true;
		for (int i = 0; i < 10; i++) {
			zeroPrefix &= b[i] == 0;
		}
		boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
		boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
		boolean nat64 = b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
		for (int i = 4; nat64 && i < 12; i++) {
			nat64 = b[i] == 0;
		}
		if (!mapped && !compatible && !nat64) {
			return null;
		}
		try {
			return (Inet4Address) InetAddress.getByAddress(new byte[] { b[12], b[13], b[14], b[15] });
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Name resolution, replaceable in tests. */
	@FunctionalInterface
	interface HostResolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

}
