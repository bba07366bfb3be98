package dev.bondify.developer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.bondify.developer.PasswordController.Ok;
import dev.bondify.developer.PasswordService.TokenResponse;
import dev.bondify.system.ClientIpResolver;

/**
 * Password reset by e-mail (no Bearer token): ask for a link, then set the new password
 * with the link's token. 404 when the server has no SMTP.
 */
@RestController
class PasswordResetController {

	static final String RESET = "/api/v1/dev/password/reset";

	static final String CONFIRM = "/api/v1/dev/password/reset/confirm";

	private final AccountMailService mail;

	private final ClientIpResolver clientIps;

	PasswordResetController(AccountMailService mail, ClientIpResolver clientIps) {
		this.mail = mail;
		this.clientIps = clientIps;
	}

	/** Always {@code {"ok":true}}, whether or not the e-mail has an account. */
	@PostMapping(path = RESET, consumes = "application/json")
	Ok reset(@Valid @RequestBody ResetRequest body, HttpServletRequest request) {
		this.mail.requestReset(body.email(), this.clientIps.resolve(request));
		return new Ok(true);
	}

	@PostMapping(path = CONFIRM, consumes = "application/json")
	TokenResponse confirm(@Valid @RequestBody ResetConfirm body, HttpServletRequest request) {
		return this.mail.confirmReset(body.token(), body.newPassword(), this.clientIps.resolve(request));
	}

	/** {@code {"email"}}. */
	record ResetRequest(@NotBlank @Size(max = 320) String email) {
	}

	/** {@code {"token","new_password"}}. */
	record ResetConfirm(@NotBlank @Size(max = 64) String token, @NotNull @Size(max = 1024) String newPassword) {
	}

}
