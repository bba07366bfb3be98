package dev.bondify.session;

import java.time.Duration;

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

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bondify.project.ProjectClient;
import dev.bondify.system.ClientIpResolver;

/**
 * The session endpoints: public (browsers and apps, CORS) and secret-key (servers)
 * variants of generate and verify, for the {@link ProjectClient} the door admitted (it
 * checked the key, the Origin's form and the rate limit).
 */
@RestController
class SessionController {

	private final SessionService sessions;

	private final ClientIpResolver clientIps;

	private final LongPolls longPolls;

	private final GenerateHandler generates;

	SessionController(SessionService sessions, ClientIpResolver clientIps, LongPolls longPolls,
			GenerateHandler generates) {
		this.sessions = sessions;
		this.longPolls = longPolls;
		this.clientIps = clientIps;
		this.generates = generates;
	}

	// A POST sent as application/json exactly is answered by GenerateRoute, before this
	// mapping: these two methods answer the other media types and charsets (the same
	// answers, checked by GenerateRouteIntegrationTest), and document the routes.
	@PostMapping("/api/v1/generate/public")
	GenerateResponse generatePublic(@AuthenticationPrincipal ProjectClient client,
			@Valid @RequestBody GenerateRequest body, HttpServletRequest request) {
		return generate(body, client, request);
	}

	@PostMapping("/api/v1/generate")
	GenerateResponse generateWithKey(@AuthenticationPrincipal ProjectClient client,
			@Valid @RequestBody GenerateRequest body, HttpServletRequest request) {
		return generate(body, client, request);
	}

	/**
	 * Returns the answer, or a held long poll ({@code DeferredResult}) while pending with
	 * {@code "wait"}.
	 */
	@ApiResponse(responseCode = "200", useReturnTypeSchema = false,
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = VerifyResponse.class)))
	@PostMapping("/api/v1/verify/public")
	Object verifyPublic(@AuthenticationPrincipal ProjectClient client, @Valid @RequestBody VerifyRequest body,
			HttpServletRequest request) {
		return verify(body, client, request);
	}

	@ApiResponse(responseCode = "200", useReturnTypeSchema = false,
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = VerifyResponse.class)))
	@PostMapping("/api/v1/verify")
	Object verifyWithKey(@AuthenticationPrincipal ProjectClient client, @Valid @RequestBody VerifyRequest body,
			HttpServletRequest request) {
		return verify(body, client, request);
	}

	private Object verify(VerifyRequest body, ProjectClient client, HttpServletRequest request) {
		Caller caller = Caller.of(client);
		VerifyResponse response = this.sessions.verify(body.projectId(), body.sessionToken(), caller);
		if (body.waitSeconds() == null || response != VerifyResponse.Simple.PENDING) {
			return response;
		}
		// A backend's polls count against its project and developer, not the address it
		// shares with its other users (or with other tenants behind one NAT).
		LongPolls.Holder holder = client.isSecretKey()
				? LongPolls.Holder.projectKey(client.projectId(), client.developerId())
				: LongPolls.Holder.clientIp(ClientIpResolver.bucketOf(this.clientIps.resolve(request)));
		return this.longPolls.hold(body.sessionToken(), holder, Duration.ofSeconds(body.waitSeconds()),
				() -> this.sessions.verify(body.projectId(), body.sessionToken(), caller));
	}

	private GenerateResponse generate(GenerateRequest body, ProjectClient client, HttpServletRequest request) {
		return this.generates.generate(body.projectId(), client, request);
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
