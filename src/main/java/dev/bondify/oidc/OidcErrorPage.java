package dev.bondify.oidc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.util.HtmlUtils;

/**
 * The page a person sees when a sign-in cannot be sent back to the app (unknown client,
 * unregistered redirect URI, a used ticket): never a redirect. Only fixed sentences of
 * ours are shown, never what the request carried.
 */
final class OidcErrorPage {

	private OidcErrorPage() {
	}

	static void write(HttpServletResponse response, int status, String title, String sentence) throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.TEXT_HTML_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'");
		response.getWriter()
			.write("""
					<!DOCTYPE html>
					<html lang="en"><head><meta charset="utf-8">
					<meta name="viewport" content="width=device-width, initial-scale=1">
					<meta name="robots" content="noindex">
					<title>%s — Bondify</title><link rel="stylesheet" href="/bondify.css"></head>
					<body class="oidc"><main class="card oidc-card" id="oidc-error">
					<h1>%s</h1><p id="oidc-error-text">%s</p>
					<p class="muted">Go back to the app you came from and start the sign-in again.</p>
					</main></body></html>
					""".formatted(HtmlUtils.htmlEscape(title), HtmlUtils.htmlEscape(title),
					HtmlUtils.htmlEscape(sentence)));
	}

}
