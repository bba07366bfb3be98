package dev.bondify.webhook;

import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.bondify.system.RateLimiter;

/**
 * The developer API's webhook endpoints: the delivery log of a project and a test ping.
 */
@RestController
class WebhookController {

	/**
	 * Test pings make outbound requests on a developer's behalf, so they are few per
	 * minute.
	 */
	static final int PINGS_PER_MINUTE = 10;

	private final WebhookService webhooks;

	private final RateLimiter rateLimiter;

	WebhookController(WebhookService webhooks, RateLimiter rateLimiter) {
		this.webhooks = webhooks;
		this.rateLimiter = rateLimiter;
	}

	@GetMapping("/api/v1/dev/projects/{id}/webhook-deliveries")
	DeliveriesResponse deliveries(@PathVariable String id, Authentication auth) {
		return new DeliveriesResponse(this.webhooks.deliveries(id, auth.getName()));
	}

	@PostMapping("/api/v1/dev/projects/{id}/webhook-test")
	WebhookAttemptResponse test(@PathVariable String id, Authentication auth) {
		this.rateLimiter.acquire("webhook-test:" + auth.getName(), PINGS_PER_MINUTE);
		return this.webhooks.ping(id, auth.getName());
	}

	/** The delivery log: recent attempts, newest first. */
	record DeliveriesResponse(List<WebhookAttemptResponse> deliveries) {
	}

}
