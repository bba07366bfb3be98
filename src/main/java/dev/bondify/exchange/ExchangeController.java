package dev.bondify.exchange;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.bondify.access.BearerTokens;
import dev.bondify.access.Origins;
import dev.bondify.session.Caller;
import dev.bondify.session.RequestSource;
import dev.bondify.session.SessionService;
import dev.bondify.session.VerifyResponse;
import dev.bondify.system.ApiException;
import dev.bondify.system.ClientIpResolver;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.RateLimiter;
import dev.bondify.system.WebProperties;

/**
 * The exchange endpoints: public (browsers and Mini Apps, CORS and the project's origin
 * rule) and secret-key (servers), each answering the confirmed verify body.
 */
@RestController
class ExchangeController {

	private final ExchangeService exchanges;

	private final SessionService sessions;

	private final ClientIpResolver clientIps;

	private final RateLimiter rateLimiter;

	private final WebProperties.RateLimit limits;

	ExchangeController(ExchangeService exchanges, SessionService sessions, ClientIpResolver clientIps,
			RateLimiter rateLimiter, WebProperties web) {
		this.exchanges = exchanges;
		this.sessions = sessions;
		this.clientIps = clientIps;
		this.rateLimiter = rateLimiter;
		this.limits = web.rateLimit();
	}

	@PostMapping("/api/v1/exchange/public")
	VerifyResponse.Confirmed exchangePublic(@Valid @RequestBody ExchangeRequest body, HttpServletRequest request) {
		ExchangeType type = ExchangeType.parse(body.type());
		String clientIp = this.clientIps.resolve(request);
		limit("exchange-ip:" + ClientIpResolver.bucketOf(clientIp), this.limits.generatePerMinute());
		return this.exchanges.exchange(body.projectId(), type, body.data(), new Caller.Public(origin(request)),
				source(request, clientIp));
	}

	/**
	 * Server calls count against their secret key, as generate's do; a call without the
	 * project's real key counts against its IP (and is answered 401).
	 */
	@PostMapping("/api/v1/exchange")
	VerifyResponse.Confirmed exchangeWithKey(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@Valid @RequestBody ExchangeRequest body, HttpServletRequest request) {
		ExchangeType type = ExchangeType.parse(body.type());
		origin(request);
		String key = BearerTokens.extract(auth);
		String clientIp = this.clientIps.resolve(request);
		if (this.sessions.isProjectKey(body.projectId(), key)) {
			limit("exchange-key:" + key, this.limits.keyGeneratePerMinute());
		}
		else {
			limit("exchange-ip:" + ClientIpResolver.bucketOf(clientIp), this.limits.generatePerMinute());
		}
		return this.exchanges.exchange(body.projectId(), type, body.data(), new Caller.SecretKey(key),
				source(request, clientIp));
	}

	private void limit(String bucket, int perMinute) {
		this.rateLimiter.acquire(bucket, perMinute);
	}

	/**
	 * The request's {@code Origin} in its normalised form (null when absent), as generate
	 * records it.
	 */
	private static String origin(HttpServletRequest request) {
		try {
			return Origins.normalise(request.getHeader(HttpHeaders.ORIGIN));
		}
		catch (IllegalArgumentException ex) {
			throw new ApiException(ErrorCode.INVALID_REQUEST, "The Origin header must be a serialized origin "
					+ "(scheme://host[:port], ASCII, at most 255 characters) or null.");
		}
	}

	private static RequestSource source(HttpServletRequest request, String clientIp) {
		return new RequestSource(origin(request), clientIp, request.getHeader(HttpHeaders.USER_AGENT));
	}

	/**
	 * {@code {"project_id": "proj_…", "type": "webapp"|"widget"|"oidc", "data": …}}:
	 * {@code data} is a string (initData, id_token) or the widget's object.
	 */
	record ExchangeRequest(@NotBlank @Size(max = 64) String projectId, @NotBlank @Size(max = 16) String type,
			@NotNull JsonNode data) {
	}

}
