package dev.bondify.oidc;

import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.bondify.demo.QrCodeSvg;
import dev.bondify.project.Project;
import dev.bondify.project.ProjectCache;
import dev.bondify.session.Caller;
import dev.bondify.session.GenerateResponse;
import dev.bondify.session.RequestSource;
import dev.bondify.session.SessionService;
import dev.bondify.session.SessionWaits;
import dev.bondify.session.VerifyResponse;
import dev.bondify.system.ApiException;
import dev.bondify.system.ClientIpResolver;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.RandomTokens;
import dev.bondify.system.RateLimiter;
import dev.bondify.system.WebProperties;

/**
 * The sign-in page of {@code /oauth2/authorize}: it starts an ordinary Bondify session
 * (source {@code oidc}, its origin the redirect URI's, so the bot's prompt names that
 * host), shows the deeplink and its QR code, waits by long poll, and continues the
 * authorization request by itself with a single-use ticket once the user confirmed.
 */
@Controller
class SignInController {

	static final String PAGE = "/oidc/signin";

	private final ProjectCache projects;

	private final SessionService sessions;

	private final SessionWaits waits;

	private final SignIns signIns;

	private final ClientIpResolver clientIps;

	private final RateLimiter rateLimiter;

	private final WebProperties.RateLimit limits;

	private final OidcProperties properties;

	private final Clock clock;

	private final AuthorizationResponses responses;

	SignInController(ProjectCache projects, SessionService sessions, SessionWaits waits, SignIns signIns,
			ClientIpResolver clientIps, RateLimiter rateLimiter, WebProperties web, OidcProperties properties,
			Clock clock, AuthorizationResponses responses) {
		this.responses = responses;
		this.projects = projects;
		this.sessions = sessions;
		this.waits = waits;
		this.signIns = signIns;
		this.clientIps = clientIps;
		this.rateLimiter = rateLimiter;
		this.limits = web.rateLimit();
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Reached only by the forward of {@link SignInEntryPoint} with a validated request.
	 */
	@GetMapping(PAGE)
	String page(HttpServletRequest request, HttpServletResponse response, Model model) throws IOException {
		if (!(request.getAttribute(
				SignInEntryPoint.VALIDATED) instanceof OAuth2AuthorizationCodeRequestAuthenticationToken validated)) {
			throw new ApiException(ErrorCode.NOT_FOUND);
		}
		Project project = this.projects.find(validated.getClientId()).orElse(null);
		if (project == null) {
			OidcErrorPage.write(response, HttpStatus.BAD_REQUEST.value(), "This sign-in link is not valid",
					"The app's project no longer exists.");
			return null;
		}
		String clientIp = this.clientIps.resolve(request);
		GenerateResponse session;
		try {
			this.rateLimiter.acquire("generate-ip:" + ClientIpResolver.bucketOf(clientIp),
					this.limits.generatePerMinute());
			String baseUrl = ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
			session = this.sessions.generate(project.getId(), new Caller.SecretKey(project.getSecretKey()),
					new RequestSource(origin(validated.getRedirectUri()), clientIp,
							request.getHeader(HttpHeaders.USER_AGENT)),
					baseUrl);
		}
		catch (ApiException ex) {
			OidcErrorPage.write(response, ex.code().status().value(), "Sign-in is not available right now",
					ex.getMessage());
			return null;
		}
		boolean asksPhone = validated.getScopes().contains(OidcScopes.PHONE) || project.isReqPhone();
		this.signIns.record(session.sessionToken(), project.getId(),
				AuthorizationRequestParameters.of(request).fingerprint(),
				validated.getScopes().contains(OidcScopes.PHONE), this.clock.instant());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		model.addAttribute("projectName", project.getName());
		model.addAttribute("redirectHost", URI.create(validated.getRedirectUri()).getHost());
		model.addAttribute("deeplink", session.deeplink());
		model.addAttribute("qrCode", QrCodeSvg.render(session.deeplink()));
		model.addAttribute("sandbox", project.isSandbox());
		// The bot asks for the contact with the phone scope, as on req_phone projects.
		model.addAttribute("asksPhone", asksPhone);
		model.addAttribute("sessionToken", session.sessionToken());
		model.addAttribute("expiresAt", session.expiresAt());
		return "oidc/signin";
	}

	/**
	 * {@code {"status"}} of the page's session, held while pending (like verify with
	 * {@code wait}); counts against the caller's IP like a public verify.
	 */
	@PostMapping("/oidc/wait")
	@ResponseBody
	Object waitForAnswer(@Valid @RequestBody WaitRequest body, HttpServletRequest request) {
		String clientIp = this.clientIps.resolve(request);
		this.rateLimiter.acquire("verify-ip:" + ClientIpResolver.bucketOf(clientIp), this.limits.verifyPerMinute());
		int wait = (body.waitSeconds() != null) ? body.waitSeconds() : 25;
		return this.waits.awaitStatus(body.sessionToken(), clientIp, Duration.ofSeconds(wait));
	}

	/**
	 * Where the page goes next: the authorization request again with a fresh ticket once
	 * confirmed, the app with {@code access_denied} once cancelled; nowhere while pending
	 * or once expired.
	 */
	@PostMapping("/oidc/continue")
	@ResponseBody
	Next next(@Valid @RequestBody ContinueRequest body, HttpServletRequest request) {
		SignInFlow flow = flow(body);
		VerifyResponse answer = this.sessions.verify(flow.project().getId(), body.sessionToken(),
				new Caller.SecretKey(flow.project().getSecretKey()));
		return switch (answer) {
			case VerifyResponse.Confirmed confirmed -> {
				String ticket = RandomTokens.base64Url256("");
				if (!this.signIns.issueTicket(body.sessionToken(), ticket,
						this.clock.instant().plus(this.properties.ticketTtl()))) {
					yield new Next("used", null);
				}
				yield new Next("confirmed", TicketFilter.AUTHORIZE + "?" + flow.query() + "&"
						+ AuthorizationRequestParameters.TICKET + "=" + ticket);
			}
			case VerifyResponse.Cancelled cancelled ->
				new Next("cancelled", AuthorizationResponses.errorLocation(flow.parameters().first("redirect_uri"),
						"access_denied", flow.parameters().first("state"), this.responses.issuer(request)));
			case VerifyResponse.Simple simple -> new Next(simple.status(), null);
		};
	}

	/**
	 * The page's own Cancel: the session is cancelled and the app told
	 * {@code access_denied}.
	 */
	@PostMapping("/oidc/cancel")
	@ResponseBody
	Next cancel(@Valid @RequestBody ContinueRequest body, HttpServletRequest request) {
		flow(body);
		this.sessions.cancelByToken(body.sessionToken());
		return next(body, request);
	}

	private SignInFlow flow(ContinueRequest body) {
		SignIns.Page page = this.signIns.find(body.sessionToken())
			.orElseThrow(() -> new ApiException(ErrorCode.SESSION_NOT_FOUND));
		AuthorizationRequestParameters parameters = AuthorizationRequestParameters.ofQuery(body.query());
		if (!MessageDigest.isEqual(parameters.fingerprint(), page.requestFingerprint())) {
			throw new ApiException(ErrorCode.SESSION_NOT_FOUND);
		}
		Project project = this.projects.find(page.clientId())
			.orElseThrow(() -> new ApiException(ErrorCode.SESSION_NOT_FOUND));
		String query = body.query().startsWith("?") ? body.query().substring(1) : body.query();
		return new SignInFlow(project, parameters, query);
	}

	private static String origin(String redirectUri) {
		URI uri = URI.create(redirectUri);
		return uri.getScheme() + "://" + uri.getRawAuthority();
	}

	/** A page's session, its project and the authorization request it was shown for. */
	private record SignInFlow(Project project, AuthorizationRequestParameters parameters, String query) {
	}

	/** {@code {"session_token", "wait"}}. */
	record WaitRequest(@NotBlank @Size(max = 128) String sessionToken,
			@JsonProperty("wait") @Min(1) @Max(25) Integer waitSeconds) {
	}

	/**
	 * {@code {"session_token", "query"}}: the page's session and its own query string.
	 */
	record ContinueRequest(@NotBlank @Size(max = 128) String sessionToken, @NotBlank @Size(max = 8192) String query) {
	}

	/** Where the page goes next, if anywhere. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Next(String status, String location) {
	}

}
