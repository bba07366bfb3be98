package dev.bondify.demo;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.bondify.proof.ProofVerification;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.PublicUrl;

/**
 * The demo: the page at {@code /}, the QR code of a deeplink, and the demo app's own
 * server side, which checks the proof the browser received exactly as an app's backend
 * would.
 */
@Controller
class DemoController {

	// Deeplinks carry a 22-character link code, never a session token.
	private static final Pattern SANDBOX_LINK = Pattern.compile("(.+)/sandbox/telegram\\?start=[A-Za-z0-9_-]{22}");

	private static final Pattern TELEGRAM_LINK = Pattern
		.compile("https://t\\.me/[A-Za-z0-9_]{5,32}\\?start=[A-Za-z0-9_-]{22}");

	private final DemoProject demo;

	private final ProofVerification proofs;

	private final String publicUrl;

	DemoController(DemoProject demo, ProofVerification proofs, PublicUrl publicUrl) {
		this.demo = demo;
		this.proofs = proofs;
		this.publicUrl = publicUrl.value();
	}

	@GetMapping("/")
	String page(CsrfToken csrf, Model model, HttpServletRequest request) {
		this.demo.requireEnabled();
		// Without BONDIFY_PUBLIC_URL the links use this request's host: a phone cannot
		// open
		// localhost, so the page says how to make the QR code work there.
		model.addAttribute("qrLocalOnly", this.publicUrl.isEmpty() && isLoopback(request.getServerName()));
		model.addAttribute("projectId", DemoProject.ID);
		model.addAttribute("projectName", DemoProject.NAME);
		model.addAttribute("csrfHeader", csrf.getHeaderName());
		model.addAttribute("csrfToken", csrf.getToken());
		return "demo";
	}

	private static boolean isLoopback(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		return name.equals("localhost") || name.endsWith(".localhost") || name.startsWith("127.")
				|| name.equals("[::1]") || name.equals("::1") || name.equals("0:0:0:0:0:0:0:1");
	}

	/**
	 * The deeplink as an SVG QR code; only this server's sandbox links and t.me links, so
	 * it is no open encoder.
	 */
	@GetMapping(path = "/demo/qr", produces = "image/svg+xml")
	@ResponseBody
	ResponseEntity<String> qr(@RequestParam("text") String text, HttpServletRequest request) {
		this.demo.requireEnabled();
		if (text.length() > 512 || !isDeeplink(text, request)) {
			throw new ApiException(ErrorCode.INVALID_REQUEST,
					"text must be a sign-in deeplink of this server (a sandbox link or a t.me link).");
		}
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.contentType(MediaType.valueOf("image/svg+xml"))
			.body(QrCodeSvg.render(text));
	}

	/**
	 * The demo app's backend: accepts the proof once, as the demo project's server, and
	 * returns who it is.
	 */
	@PostMapping(path = "/demo/verify", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	DemoIdentity verify(@Valid @RequestBody DemoVerifyRequest body) {
		this.demo.requireEnabled();
		Map<String, Object> claims = this.proofs.verifyOnceFor(DemoProject.ID, body.proof());
		return new DemoIdentity(string(claims, "telegram_id"), string(claims, "telegram_name"),
				string(claims, "telegram_username"), string(claims, "telegram_phone"), string(claims, "project_id"));
	}

	private boolean isDeeplink(String text, HttpServletRequest request) {
		if (TELEGRAM_LINK.matcher(text).matches()) {
			return true;
		}
		var sandbox = SANDBOX_LINK.matcher(text);
		if (!sandbox.matches()) {
			return false;
		}
		String base = sandbox.group(1);
		return base.equals(this.publicUrl)
				|| base.equals(ServletUriComponentsBuilder.fromContextPath(request).build().toUriString());
	}

	private static String string(Map<String, Object> claims, String name) {
		Object value = claims.get(name);
		return (value != null) ? value.toString() : null;
	}

	/** {@code {"proof": "eyJ…"}}. */
	record DemoVerifyRequest(@NotBlank @Size(max = 4096) String proof) {
	}

	/** The verified identity the demo page shows. */
	record DemoIdentity(String telegramId, String telegramName, String telegramUsername, String telegramPhone,
			String projectId) {
	}

}
