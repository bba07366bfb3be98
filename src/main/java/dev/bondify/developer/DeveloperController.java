package dev.bondify.developer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bondify.developer.DeveloperService.AuthResponse;
import dev.bondify.developer.DeveloperService.DeveloperView;
import dev.bondify.system.ClientIpResolver;

/**
 * Developer accounts: {@code register}, {@code login} and {@code me}.
 */
@RestController
class DeveloperController {

	private final DeveloperService developers;

	private final ClientIpResolver clientIps;

	private final DeveloperPlan plan;

	DeveloperController(DeveloperService developers, ClientIpResolver clientIps, DeveloperPlan plan) {
		this.developers = developers;
		this.clientIps = clientIps;
		this.plan = plan;
	}

	@PostMapping(path = DeveloperBearerTokens.REGISTER, consumes = "application/json")
	AuthResponse register(@Valid @RequestBody Credentials body, HttpServletRequest request) {
		return this.developers.register(body.email(), body.password(), this.clientIps.resolve(request));
	}

	@PostMapping(path = DeveloperBearerTokens.LOGIN, consumes = "application/json")
	AuthResponse login(@Valid @RequestBody Credentials body, HttpServletRequest request) {
		return this.developers.login(body.email(), body.password(), this.clientIps.resolve(request));
	}

	@GetMapping("/api/v1/dev/me")
	Me me(Authentication authentication) {
		DeveloperView developer = this.developers.me(authentication.getName());
		return new Me(developer.id(), developer.email(), developer.createdAt(),
				this.plan.describe(developer.id(), developer.email()));
	}

	/**
	 * {@code {"id","email","created_at"}} as the seed has it, plus the {@code developer}
	 * object the official Node SDK's {@code getMe()} returns.
	 */
	record Me(String id, String email, String createdAt, DeveloperPlan.SdkDeveloper developer) {
	}

	/**
	 * {@code {"email","password"}}; the service checks e-mail syntax and password length.
	 */
	record Credentials(@NotBlank @Size(max = 320) String email, @NotNull @Size(max = 1024) String password) {
	}

}
