package dev.bondify.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.bondify.project.WebhookUrlPolicy;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * The SSRF guard on webhook URLs: {@code https://} only, and a host none of whose
 * addresses is in the IANA special-purpose registries ({@link SpecialPurposeAddresses});
 * checked when a URL is saved and again right before each send, whose connection is then
 * pinned to the checked addresses. It is the project package's {@link WebhookUrlPolicy},
 * so saving an unsafe URL answers 400 {@code INVALID_REQUEST}.
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
		return inspect(url, false).refusal();
	}

	/**
	 * Checks the URL and resolves its host once: the addresses in the answer are the only
	 * ones a send may connect to, so a DNS answer that changes after the check
	 * (rebinding) cannot move the connection. With private targets allowed nothing is
	 * refused, but the connection is pinned all the same.
	 */
	Target resolve(String url) {
		return inspect(url, true);
	}

	/**
	 * With private targets allowed, a URL being saved is not looked up (its host may only
	 * exist where the service runs); a send always resolves, to pin its connection.
	 */
	private Target inspect(String url, boolean forSend) {
		if (url != null && url.length() > MAX_LENGTH) {
			return Target.refused("it is longer than " + MAX_LENGTH + " characters");
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException | NullPointerException ex) {
			return Target.refused("it is not a valid URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("https") && !(this.allowInsecure && scheme.equals("http"))) {
			return Target
				.refused(this.allowInsecure ? "it must start with https:// or http://" : "it must start with https://");
		}
		if (uri.getRawUserInfo() != null) {
			return Target.refused("it must not contain credentials");
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			return Target.refused("it has no host");
		}
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		if (this.allowPrivateTargets && !forSend) {
			return new Target(uri, List.of(), null);
		}
		InetAddress[] addresses;
		try {
			addresses = this.resolver.resolve(host);
		}
		catch (UnknownHostException ex) {
			return Target.refused("its host does not resolve");
		}
		if (addresses == null || addresses.length == 0) {
			return Target.refused("its host does not resolve");
		}
		if (!this.allowPrivateTargets) {
			for (InetAddress address : addresses) {
				if (isInternal(address)) {
					return Target.refused("its host resolves to a loopback, private or link-local address");
				}
			}
		}
		return new Target(uri, List.of(addresses), null);
	}

	/** True for every address a public webhook must not reach. */
	static boolean isInternal(InetAddress address) {
		return SpecialPurposeAddresses.contains(address);
	}

	/**
	 * The outcome of a check: the addresses a send may connect to, or why it must not be
	 * sent at all.
	 *
	 * @param uri the parsed URL
	 * @param addresses the checked addresses of its host
	 * @param reason why it is refused, null when allowed
	 */
	record Target(URI uri, List<InetAddress> addresses, String reason) {

		static Target refused(String reason) {
			return new Target(null, List.of(), reason);
		}

		Optional<String> refusal() {
			return Optional.ofNullable(this.reason);
		}

	}

	/** Name resolution, replaceable in tests. */
	@FunctionalInterface
	interface HostResolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

}
