package dev.bondify.access;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import dev.bondify.system.ErrorCode;
import dev.bondify.system.ErrorResponseWriter;

/**
 * What Spring Security's firewall refuses is answered with the error contract: an HTTP
 * method the API does not know ({@code PROPFIND}, {@code FOO}) is 405, any other refusal
 * (an encoded {@code %25} or {@code ;} in the path, a control character in a header) 400.
 * The firewall sees the path {@code CanonicalPathFilter} made, the router's.
 */
@Configuration(proxyBeanMethods = false)
class FirewallConfiguration {

	private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
			"TRACE");

	@Bean
	RequestRejectedHandler requestRejectedHandler(ErrorResponseWriter writer) {
		return (request, response, ex) -> {
			if (!KNOWN_METHODS.contains(request.getMethod())) {
				writer.write(response, ErrorCode.METHOD_NOT_ALLOWED, "This HTTP method is not supported.", null);
				return;
			}
			writer.write(response, ErrorCode.INVALID_REQUEST, "The request path or a header is not acceptable.", null);
		};
	}

}
