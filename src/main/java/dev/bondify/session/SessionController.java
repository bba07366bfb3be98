package dev.bondify.session;

import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.bondify.access.BearerTokens;
import dev.bondify.access.Origins;
import dev.bondify.system.ApiException;
import dev.bondify.system.ClientIpResolver;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.RateLimiter;
import dev.bondify.system.WebProperties;

/**
 * The session endpoints: public (browsers and apps, CORS) and secret-key (servers)
 * variants of generate and verify.
 */
@RestController
class SessionController {

	static final String ORIGIN_REJECTED = "The Origin header must be a serialized origin "
			+ "(scheme://host[:port], ASCII, at most 255 characters) or null.";

	private final SessionService sessions;

	private final ClientIpResolver clientIps;

	private final RateLimiter rateLimiter;

	private final WebProperties.RateLimit limits;

	private final LongPolls longPolls;

	SessionController(SessionService sessions, ClientIpResolver clientIps, RateLimiter rateLimiter, WebProperties web,
			LongPolls longPolls) {
		this.sessions = sessions;
		this.longPolls = longPolls;
		this.clientIps = clientIps;
		this.rateLimiter = rateLimiter;
		this.limits = web.rateLimit();
	}

	@PostMapping("/api/v1/generate/public")
	GenerateResponse generatePublic(@Valid @RequestBody GenerateRequest body, HttpServletRequest request) {
		String origin = origin(request);
		String clientIp = limitPerIp("generate", this.limits.generatePerMinute(), request);
		return generate(body, new Caller.Public(origin), clientIp, request);
	}

	@PostMapping("/api/v1/generate")
	GenerateResponse generateWithKey(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@Valid @RequestBody GenerateRequest body, HttpServletRequest request) {
		origin(request);
		String key = BearerTokens.extract(auth);
		limitPerKey("generate", this.limits.keyGeneratePerMinute(), this.limits.generatePerMinute(), body.projectId(),
				key, request);
		return generate(body, new Caller.SecretKey(key), this.clientIps.resolve(request), request);
	}

	/**
	 * Returns the answer, or a held long poll ({@code DeferredResult}) while pending with
	 * {@code "wait"}.
	 */
	@ApiResponse(responseCode = "200", useReturnTypeSchema = false,
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = VerifyResponse.class)))
	@PostMapping("/api/v1/verify/public")
	Object verifyPublic(@Valid @RequestBody VerifyRequest body, HttpServletRequest request) {
		String origin = origin(request);
		String clientIp = limitPerIp("verify", this.limits.verifyPerMinute(), request);
		return verify(body, new Caller.Public(origin), Optional.empty(), clientIp);
	}

	@ApiResponse(responseCode = "200", useReturnTypeSchema = false,
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = VerifyResponse.class)))
	@PostMapping("/api/v1/verify")
	Object verifyWithKey(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@Valid @RequestBody VerifyRequest body, HttpServletRequest request) {
		String key = BearerTokens.extract(auth);
		Optional<LongPolls.Holder> keyHolder = limitPerKey("verify", this.limits.keyVerifyPerMinute(),
				this.limits.verifyPerMinute(), body.projectId(), key, request);
		return verify(body, new Caller.SecretKey(key), keyHolder, this.clientIps.resolve(request));
	}

	/**
	 * {@code keyHolder}: for a secret-key call, its project key and developer, from the
	 * project read of the rate limit.
	 */
	private Object verify(VerifyRequest body, Caller caller, Optional<LongPolls.Holder> keyHolder, String clientIp) {
		VerifyResponse response = this.sessions.verify(body.projectId(), body.sessionToken(), caller);
		if (body.waitSeconds() == null || response != VerifyResponse.Simple.PENDING) {
			return response;
		}
		// A backend's polls count against its project key and developer, not the address
		// it shares with its other users (or with other tenants behind one NAT). A key
		// that verify accepted but the rate limit's read did not (rotated in between)
		// counts as a project of its own.
		LongPolls.Holder holder = (caller instanceof Caller.SecretKey)
				? keyHolder.orElseGet(() -> LongPolls.Holder.projectKey(body.projectId(), null))
				: LongPolls.Holder.clientIp(ClientIpResolver.bucketOf(clientIp));
		return this.longPolls.hold(body.sessionToken(), holder, Duration.ofSeconds(body.waitSeconds()),
				() -> this.sessions.verify(body.projectId(), body.sessionToken(), caller));
	}

	private GenerateResponse generate(GenerateRequest body, Caller caller, String clientIp,
			HttpServletRequest request) {
		RequestSource source = new RequestSource(origin(request), clientIp, request.getHeader(HttpHeaders.USER_AGENT));
		String baseUrl = ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
		return this.sessions.generate(body.projectId(), caller, source, baseUrl);
	}

	/**
	 * The request's {@code Origin} in its normalised form, null when absent.
	 * @throws ApiException {@code INVALID_REQUEST} when it is present but not an origin
	 */
	private static String origin(HttpServletRequest request) {
		try {
			return Origins.normalise(request.getHeader(HttpHeaders.ORIGIN));
		}
		catch (IllegalArgumentException ex) {
			throw new ApiException(ErrorCode.INVALID_REQUEST, ORIGIN_REJECTED);
		}
	}

	private String limitPerIp(String bucket, int perMinute, HttpServletRequest request) {
		String clientIp = this.clientIps.resolve(request);
		this.rateLimiter.acquire(bucket + "-ip:" + ClientIpResolver.bucketOf(clientIp), perMinute);
		return clientIp;
	}

	/**
	 * Server calls count against their secret key, not the caller IP (a backend serves
	 * many users from one address). A call without the project's real key is answered 401
	 * anyway; it counts against its IP, so random keys open no buckets of their own.
	 */
	private Optional<LongPolls.Holder> limitPerKey(String bucket, int perKey, int perIp, String projectId,
			String secretKey, HttpServletRequest request) {
		Optional<LongPolls.Holder> holder = this.sessions.keyHolder(projectId, secretKey);
		if (holder.isEmpty()) {
			limitPerIp(bucket, perIp, request);
			return holder;
		}
		this.rateLimiter.acquire(bucket + "-key:" + secretKey, perKey);
		return holder;
	}

	/** {@code {"project_id": "proj_…"}}. */
	record GenerateRequest(@NotBlank @Size(max = 64) String projectId) {
	}

	/**
	 * {@code {"project_id": "proj_…", "session_token": "sess_…"}}, and {@code "wait"}
	 * (seconds, 1–25) to hold the answer while pending.
	 */
	record VerifyRequest(@NotBlank @Size(max = 64) String projectId, @NotBlank @Size(max = 128) String sessionToken,
			@JsonProperty("wait") @Min(1) @Max(25) Integer waitSeconds) {
	}

}
