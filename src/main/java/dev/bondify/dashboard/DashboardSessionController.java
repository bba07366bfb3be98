package dev.bondify.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.bondify.developer.DeveloperSignIn;
import dev.bondify.developer.DeveloperSignIn.Account;
import dev.bondify.developer.DeveloperSignIn.SignedIn;
import dev.bondify.system.ClientIpResolver;

/**
 * {@code /dashboard/api/*}: who is signed in, sign up, log in and log out. The token goes
 * into the httpOnly cookie only, never into a body a script could read. Every POST here
 * has passed Spring Security's CSRF check ({@link DashboardSecurityConfiguration}).
 */
@RestController
@RequestMapping("/dashboard/api")
class DashboardSessionController {

	private final DeveloperSignIn signIn;

	private final DashboardCookies cookies;

	private final ClientIpResolver clientIps;

	DashboardSessionController(DeveloperSignIn signIn, DashboardCookies cookies, ClientIpResolver clientIps) {
		this.signIn = signIn;
		this.cookies = cookies;
		this.clientIps = clientIps;
	}

	/**
	 * Always 200: signed in or not, whether sign-up is open, and the CSRF token the page
	 * must echo (issued here when the browser has none yet).
	 */
	@GetMapping("/session")
	SessionView session(HttpServletRequest request, HttpServletResponse response) {
		String csrf = this.cookies.csrf(request);
		if (csrf == null) {
			csrf = this.cookies.writeNewCsrf(request, response);
		}
		String token = this.cookies.token(request);
		Account developer = (token != null) ? this.signIn.authenticate(token).map(this.signIn::account).orElse(null)
				: null;
		if (token != null && developer == null) {
			this.cookies.clearToken(request, response);
		}
		return new SessionView(developer != null, this.signIn.registrationOpen(), developer, csrf,
				this.signIn.passwordResetByMail());
	}

	@PostMapping(path = "/signup", consumes = "application/json")
	SessionView signup(@Valid @RequestBody Credentials body, HttpServletRequest request, HttpServletResponse response) {
		return signedIn(this.signIn.register(body.email(), body.password(), this.clientIps.resolve(request)), request,
				response);
	}

	@PostMapping(path = "/login", consumes = "application/json")
	SessionView login(@Valid @RequestBody Credentials body, HttpServletRequest request, HttpServletResponse response) {
		return signedIn(this.signIn.login(body.email(), body.password(), this.clientIps.resolve(request)), request,
				response);
	}

	/**
	 * Ends the session for real: the token version is bumped, so this token (and every
	 * other token of the account, API tokens included) stops working everywhere.
	 */
	@PostMapping("/logout")
	SessionView logout(Authentication bearer, HttpServletRequest request, HttpServletResponse response) {
		String token = this.cookies.token(request);
		if (token != null) {
			this.signIn.authenticate(token).ifPresent(this.signIn::signOut);
		}
		// A client that signs in with its own Bearer header (no cookie) is signed out the
		// same way: answering 200 while its token kept working was a lie. The developer
		// chain has authenticated that header (a bad one is 401 there).
		if (bearer != null && bearer.isAuthenticated()) {
			this.signIn.signOut(bearer.getName());
		}
		this.cookies.clearToken(request, response);
		String csrf = this.cookies.writeNewCsrf(request, response);
		return new SessionView(false, this.signIn.registrationOpen(), null, csrf, this.signIn.passwordResetByMail());
	}

	/**
	 * Changes the password; the cookie gets the fresh token, since the change revokes the
	 * one it carried (and every other one of the account).
	 */
	@PostMapping(path = "/password", consumes = "application/json")
	Changed password(@Valid @RequestBody PasswordChange body, HttpServletRequest request,
			HttpServletResponse response) {
		DeveloperSignIn.Renewed renewed = this.signIn.changePassword(this.cookies.token(request),
				body.currentPassword(), body.newPassword(), this.clientIps.resolve(request));
		this.cookies.writeToken(request, response, renewed.token(), this.signIn.tokenTtl());
		return new Changed(true);
	}

	private SessionView signedIn(SignedIn signedIn, HttpServletRequest request, HttpServletResponse response) {
		this.cookies.writeToken(request, response, signedIn.token(), this.signIn.tokenTtl());
		// A new CSRF token per sign-in: one planted before it is worth nothing after.
		String csrf = this.cookies.writeNewCsrf(request, response);
		return new SessionView(true, this.signIn.registrationOpen(), signedIn.developer(), csrf,
				this.signIn.passwordResetByMail());
	}

	/** {@code {"email","password"}}, checked by the same service as the developer API. */
	record Credentials(@NotBlank @Size(max = 320) String email, @NotNull @Size(max = 1024) String password) {
	}

	/**
	 * {@code {"signed_in","registration_open","developer","csrf_token"}}; never the
	 * token.
	 */
	record SessionView(boolean signedIn, boolean registrationOpen, Account developer, String csrfToken,
			boolean passwordReset) {
	}

	/**
	 * {@code {"current_password","new_password"}}, checked by the developer API's rules.
	 */
	record PasswordChange(@NotNull @Size(max = 1024) String currentPassword,
			@NotNull @Size(max = 1024) String newPassword) {
	}

	/** {@code {"ok":true}}. */
	record Changed(boolean ok) {
	}

}
