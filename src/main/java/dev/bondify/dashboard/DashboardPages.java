package dev.bondify.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The dashboard's pages. Every page is the same static shell; its script reads the path
 * and draws the page from the developer API, so there is one path to the data, with the
 * API's own validation, errors and ownership checks.
 */
@Controller
class DashboardPages {

	/**
	 * Bytes, not a {@code Resource}: a resource body would make Spring answer
	 * {@code Range} headers, and a malformed one with an HTML 416 instead of the page.
	 */
	private final byte[] shell;

	DashboardPages() {
		try {
			this.shell = new ClassPathResource("static/dashboard/index.html").getContentAsByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@GetMapping({ "/dashboard", "/dashboard/", "/dashboard/login", "/dashboard/signup", "/dashboard/projects",
			"/dashboard/projects/new", "/dashboard/projects/{id}", "/dashboard/logs", "/dashboard/analytics",
			"/dashboard/webhooks", "/dashboard/password" })
	ResponseEntity<byte[]> page() {
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noCache())
			.body(this.shell);
	}

}
