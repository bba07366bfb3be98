package dev.bondify.dashboard;

import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
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

	private static final Resource SHELL = new ClassPathResource("static/dashboard/index.html");

	@GetMapping({ "/dashboard", "/dashboard/", "/dashboard/login", "/dashboard/signup", "/dashboard/projects",
			"/dashboard/projects/new", "/dashboard/projects/{id}", "/dashboard/logs", "/dashboard/analytics",
			"/dashboard/webhooks" })
	ResponseEntity<Resource> page() {
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noCache())
			.body(SHELL);
	}

}
