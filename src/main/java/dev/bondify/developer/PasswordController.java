package dev.bondify.developer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bondify.developer.PasswordService.TokenResponse;
import dev.bondify.system.ClientIpResolver;

/**
 * {@code POST /api/v1/dev/password} (change, answers a fresh token) and
 * {@code POST /api/v1/dev/logout} (revokes every token of the account).
 */
@RestController
class PasswordController {

	private final PasswordService passwords;

	private final ClientIpResolver clientIps;

	PasswordController(PasswordService passwords, ClientIpResolver clientIps) {
		this.passwords = passwords;
		this.clientIps = clientIps;
	}

	@PostMapping(path = "/api/v1/dev/password", consumes = "application/json")
	TokenResponse change(@Valid @RequestBody PasswordChange body, Authentication authentication,
			HttpServletRequest request) {
		return this.passwords.change(authentication.getName(), body.currentPassword(), body.newPassword(),
				this.clientIps.resolve(request));
	}

	@PostMapping("/api/v1/dev/logout")
	Ok logout(Authentication authentication) {
		this.passwords.logout(authentication.getName());
		return new Ok(true);
	}

	/** {@code {"current_password","new_password"}}. */
	record PasswordChange(@NotNull @Size(max = 1024) String currentPassword,
			@NotNull @Size(max = 1024) String newPassword) {
	}

	/** {@code {"ok":true}}. */
	record Ok(boolean ok) {
	}

}
