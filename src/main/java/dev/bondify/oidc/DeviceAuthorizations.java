package dev.bondify.oidc;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2DeviceAuthorizationResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.http.converter.OAuth2DeviceAuthorizationResponseHttpMessageConverter;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.bondify.project.Project;
import dev.bondify.project.ProjectCache;
import dev.bondify.session.Caller;
import dev.bondify.session.GenerateResponse;
import dev.bondify.session.RequestSource;
import dev.bondify.session.SessionService;
import dev.bondify.system.ApiException;
import dev.bondify.system.ClientIpResolver;
import dev.bondify.system.RateLimiter;
import dev.bondify.system.WebProperties;

/**
 * The answer of {@code POST /oauth2/device_authorization} (RFC 8628 section 3.2), once
 * the authorization server stored the device and user codes: a normal session starts
 * (source {@code oidc_device}, no origin, so the bot's prompt says no website asked), and
 * {@code verification_uri_complete} is its deeplink, which opens the bot (or the sandbox
 * page); {@code verification_uri} is our page that says to send the code to the bot.
 */
@Component
class DeviceAuthorizations {

	static final String VERIFICATION_PAGE = "/oidc/device";

	private static final OAuth2TokenType DEVICE_CODE = new OAuth2TokenType(OAuth2ParameterNames.DEVICE_CODE);

	private final HttpMessageConverter<OAuth2DeviceAuthorizationResponse> answers = new OAuth2DeviceAuthorizationResponseHttpMessageConverter();

	private final HttpMessageConverter<OAuth2Error> errors = new OAuth2ErrorHttpMessageConverter();

	private final ProjectCache projects;

	private final SessionService sessions;

	private final DeviceGrants grants;

	private final ClientIpResolver clientIps;

	private final RateLimiter rateLimiter;

	private final WebProperties.RateLimit limits;

	private final OidcProperties properties;

	private final AuthorizationResponses responses;

	private final Clock clock;

	private final OAuth2AuthorizationService authorizations;

	DeviceAuthorizations(ProjectCache projects, SessionService sessions, DeviceGrants grants,
			ClientIpResolver clientIps, RateLimiter rateLimiter, WebProperties web, OidcProperties properties,
			AuthorizationResponses responses, Clock clock, OAuth2AuthorizationService authorizations) {
		this.projects = projects;
		this.sessions = sessions;
		this.grants = grants;
		this.clientIps = clientIps;
		this.rateLimiter = rateLimiter;
		this.limits = web.rateLimit();
		this.properties = properties;
		this.responses = responses;
		this.clock = clock;
		this.authorizations = authorizations;
	}

	void success(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		OAuth2DeviceAuthorizationRequestAuthenticationToken result = (OAuth2DeviceAuthorizationRequestAuthenticationToken) authentication;
		String clientId = ((OAuth2ClientAuthenticationToken) result.getPrincipal()).getRegisteredClient().getClientId();
		Project project = this.projects.find(clientId).orElse(null);
		String deviceCode = result.getDeviceCode().getTokenValue();
		if (project == null) {
			forget(deviceCode);
			error(response, HttpStatus.UNAUTHORIZED, new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT));
			return;
		}
		String userCode = result.getUserCode().getTokenValue();
		String clientIp = this.clientIps.resolve(request);
		GenerateResponse session;
		try {
			this.rateLimiter.acquire("generate-ip:" + ClientIpResolver.bucketOf(clientIp),
					this.limits.generatePerMinute());
			String baseUrl = ServletUriComponentsBuilder.fromContextPath(request).build().toUriString();
			session = this.sessions.generateForDevice(project.getId(), new Caller.ProjectServer(project.getId()),
					new RequestSource(null, clientIp, request.getHeader(HttpHeaders.USER_AGENT)), baseUrl, userCode,
					result.getScopes().contains(OidcScopes.PHONE));
		}
		catch (ApiException ex) {
			forget(deviceCode);
			HttpStatus status = HttpStatus.valueOf(ex.code().status().value());
			String code = (status == HttpStatus.TOO_MANY_REQUESTS || status.is5xxServerError())
					? "temporarily_unavailable" : OAuth2ErrorCodes.INVALID_REQUEST;
			error(response, status, new OAuth2Error(code, ex.getMessage(), null));
			return;
		}
		int interval = (int) this.properties.devicePollInterval().toSeconds();
		Instant expiresAt = result.getDeviceCode().getExpiresAt();
		if (!this.grants.record(deviceCode, clientId, session.sessionToken(), interval, expiresAt)) {
			forget(deviceCode);
			error(response, HttpStatus.SERVICE_UNAVAILABLE,
					new OAuth2Error("temporarily_unavailable", "Please request a new code.", null));
			return;
		}
		OAuth2DeviceAuthorizationResponse answer = OAuth2DeviceAuthorizationResponse
			.with(result.getDeviceCode(), result.getUserCode())
			.verificationUri(this.responses.issuer(request) + VERIFICATION_PAGE + "?client_id=" + clientId)
			.verificationUriComplete(session.deeplink())
			.expiresIn(Math.max(1, expiresAt.getEpochSecond() - this.clock.instant().getEpochSecond()))
			.interval(interval)
			.build();
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		this.answers.write(answer, null, new ServletServerHttpResponse(response));
	}

	/**
	 * Removes the authorization the provider saved for a request that is refused here (a
	 * rate limit, a refused session): a flood of refused requests leaves no rows behind.
	 */
	private void forget(String deviceCode) {
		OAuth2Authorization saved = this.authorizations.findByToken(deviceCode, DEVICE_CODE);
		if (saved != null) {
			this.authorizations.remove(saved);
		}
	}

	private void error(HttpServletResponse response, HttpStatus status, OAuth2Error error) throws IOException {
		ServletServerHttpResponse out = new ServletServerHttpResponse(response);
		out.setStatusCode(status);
		out.getHeaders().setCacheControl("no-store");
		this.errors.write(error, null, out);
	}

}
