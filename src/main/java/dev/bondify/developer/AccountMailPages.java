package dev.bondify.developer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.bondify.system.ApiException;
import dev.bondify.system.ClientIpResolver;

/**
 * The pages e-mailed links open. Opening a link changes nothing (mail scanners fetch
 * links too): the page shows a button or a form, and only its POST uses the single-use
 * token. The token travels in the form and is the proof the post came from the mail, so a
 * forged cross-site post cannot use a link it does not know; every form also carries the
 * dashboard's CSRF token (Spring Security's, checked on the developer chain), generated
 * before rendering so its cookie is set before any of the page is flushed.
 */
@Controller
class AccountMailPages {

	private static final String VERIFY_VIEW = "account/verify-email";

	private static final String RESET_VIEW = "account/reset-password";

	private static final String FORGOT_VIEW = "account/forgot-password";

	static final String FORGOT_PAGE = "/dashboard/forgot-password";

	private final AccountMailService mail;

	private final ClientIpResolver clientIps;

	AccountMailPages(AccountMailService mail, ClientIpResolver clientIps) {
		this.mail = mail;
		this.clientIps = clientIps;
	}

	@GetMapping(AccountMailService.VERIFY_PAGE)
	String verifyPage(@RequestParam(name = "token", defaultValue = "") String token, CsrfToken csrf, Model model,
			HttpServletResponse response) {
		csrf.getToken();
		boolean usable = this.mail.verifyLinkUsable(token);
		model.addAttribute("token", usable ? token : "");
		model.addAttribute("state", usable ? "ready" : "invalid");
		return page(VERIFY_VIEW, response, usable);
	}

	@PostMapping(AccountMailService.VERIFY_PAGE)
	String verify(@RequestParam(name = "token", defaultValue = "") String token, CsrfToken csrf, Model model,
			HttpServletResponse response) {
		csrf.getToken();
		boolean verified = this.mail.verify(token);
		model.addAttribute("token", "");
		model.addAttribute("state", verified ? "done" : "invalid");
		return page(VERIFY_VIEW, response, verified);
	}

	@GetMapping(AccountMailService.RESET_PAGE)
	String resetPage(@RequestParam(name = "token", defaultValue = "") String token, CsrfToken csrf, Model model,
			HttpServletResponse response) {
		csrf.getToken();
		boolean usable = this.mail.resetLinkUsable(token);
		model.addAttribute("token", usable ? token : "");
		model.addAttribute("state", usable ? "ready" : "invalid");
		return page(RESET_VIEW, response, usable);
	}

	@PostMapping(AccountMailService.RESET_PAGE)
	String reset(@RequestParam(name = "token", defaultValue = "") String token,
			@RequestParam(name = "new_password", defaultValue = "") String newPassword,
			@RequestParam(name = "confirm_password", defaultValue = "") String confirmPassword, CsrfToken csrf,
			Model model, HttpServletRequest request, HttpServletResponse response) {
		this.mail.requireEnabled();
		csrf.getToken();
		model.addAttribute("token", token);
		if (!newPassword.equals(confirmPassword)) {
			model.addAttribute("state", "ready");
			model.addAttribute("error", "The two passwords differ; type the same one twice.");
			return page(RESET_VIEW, response, false);
		}
		try {
			this.mail.confirmReset(token, newPassword, this.clientIps.resolve(request));
		}
		catch (ApiException ex) {
			if (ex.code().status() == HttpStatus.NOT_FOUND) {
				// No e-mail configured: the route does not exist, answered like any
				// unknown one.
				throw ex;
			}
			response.setHeader("Cache-Control", "no-store");
			boolean linkBad = ex.code().status() == HttpStatus.UNAUTHORIZED;
			model.addAttribute("state", linkBad ? "invalid" : "ready");
			model.addAttribute("token", linkBad ? "" : token);
			model.addAttribute("error", linkBad ? null : ex.getMessage());
			response.setStatus(ex.code().status().value());
			return RESET_VIEW;
		}
		model.addAttribute("token", "");
		model.addAttribute("state", "done");
		return page(RESET_VIEW, response, true);
	}

	@GetMapping(FORGOT_PAGE)
	String forgotPage(CsrfToken csrf, Model model, HttpServletResponse response) {
		this.mail.requireEnabled();
		csrf.getToken();
		model.addAttribute("state", "ready");
		return page(FORGOT_VIEW, response, true);
	}

	/** The same page whether or not the address has an account. */
	@PostMapping(FORGOT_PAGE)
	String forgot(@RequestParam(name = "email", defaultValue = "") String email, CsrfToken csrf, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		csrf.getToken();
		try {
			this.mail.requestReset(email, this.clientIps.resolve(request));
		}
		catch (ApiException ex) {
			if (ex.code().status() == HttpStatus.NOT_FOUND) {
				throw ex;
			}
			model.addAttribute("state", "ready");
			model.addAttribute("error", ex.getMessage());
			response.setStatus(ex.code().status().value());
			return FORGOT_VIEW;
		}
		model.addAttribute("state", "sent");
		return page(FORGOT_VIEW, response, true);
	}

	private static String page(String view, HttpServletResponse response, boolean ok) {
		response.setHeader("Cache-Control", "no-store");
		if (!ok) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
		}
		return view;
	}

}
