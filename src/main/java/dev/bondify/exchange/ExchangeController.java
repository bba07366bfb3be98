package dev.bondify.exchange;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bondify.project.ProjectClient;
import dev.bondify.session.Caller;
import dev.bondify.session.RequestSource;
import dev.bondify.session.VerifyResponse;
import dev.bondify.system.ClientIpResolver;

/**
 * The exchange endpoints: public (browsers and Mini Apps, CORS and the project's origin
 * rule) and secret-key (servers), each answering the confirmed verify body.
 */
@RestController
class ExchangeController {

	private final ExchangeService exchanges;

	private final ClientIpResolver clientIps;

	ExchangeController(ExchangeService exchanges, ClientIpResolver clientIps) {
		this.exchanges = exchanges;
		this.clientIps = clientIps;
	}

	@PostMapping("/api/v1/exchange/public")
	VerifyResponse.Confirmed exchangePublic(@AuthenticationPrincipal ProjectClient client,
			@Valid @RequestBody ExchangeRequest body, HttpServletRequest request) {
		return exchange(client, body, request);
	}

	/**
	 * Server calls: the door checked the key and counted the call against the project.
	 */
	@PostMapping("/api/v1/exchange")
	VerifyResponse.Confirmed exchangeWithKey(@AuthenticationPrincipal ProjectClient client,
			@Valid @RequestBody ExchangeRequest body, HttpServletRequest request) {
		return exchange(client, body, request);
	}

	private VerifyResponse.Confirmed exchange(ProjectClient client, ExchangeRequest body, HttpServletRequest request) {
		ExchangeType type = ExchangeType.parse(body.type());
		Caller caller = Caller.of(client);
		RequestSource source = new RequestSource(client.origin(), this.clientIps.resolve(request),
				request.getHeader(HttpHeaders.USER_AGENT));
		return this.exchanges.exchange(body.projectId(), type, body.data(), caller, source);
	}

	/**
	 * {@code {"project_id": "proj_…", "type": "webapp"|"widget"|"oidc", "data": …}}:
	 * {@code data} is a string (initData, id_token) or the widget's object.
	 */
	record ExchangeRequest(@NotBlank @Size(max = 64) String projectId, @NotBlank @Size(max = 16) String type,
			@NotNull JsonNode data) {
	}

}
