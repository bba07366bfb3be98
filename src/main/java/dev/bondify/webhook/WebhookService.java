package dev.bondify.webhook;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;

import dev.bondify.project.Project;
import dev.bondify.project.ProjectRepository;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

/**
 * What developers see and do with their webhooks: the recent attempt log of a project and
 * a synchronous, signed test ping.
 */
@Service
class WebhookService {

	static final String PING = "ping";

	static final int LOG_SIZE = 100;

	private final ProjectRepository projects;

	private final WebhookAttemptRepository attempts;

	private final WebhookDeliveryRepository deliveries;

	private final WebhookDeliveryStore store;

	private final WebhookSender sender;

	private final Clock clock;

	WebhookService(ProjectRepository projects, WebhookAttemptRepository attempts, WebhookDeliveryRepository deliveries,
			WebhookDeliveryStore store, WebhookSender sender, Clock clock) {
		this.projects = projects;
		this.attempts = attempts;
		this.deliveries = deliveries;
		this.store = store;
		this.sender = sender;
		this.clock = clock;
	}

	/**
	 * The project's most recent attempts, newest first, each with the current state of
	 * its delivery.
	 */
	List<WebhookAttemptResponse> deliveries(String projectId, String developerId) {
		Project project = ownedProject(projectId, developerId);
		List<WebhookAttempt> recent = this.attempts.findByProjectIdOrderByAttemptedAtDescAttemptDesc(project.getId(),
				Limit.of(LOG_SIZE));
		Map<UUID, WebhookDelivery> byId = this.deliveries
			.findAllById(recent.stream().map(WebhookAttempt::getDeliveryId).distinct().toList())
			.stream()
			.collect(Collectors.toMap(WebhookDelivery::getId, Function.identity()));
		return recent.stream()
			.filter(attempt -> byId.containsKey(attempt.getDeliveryId()))
			.map(attempt -> WebhookAttemptResponse.of(byId.get(attempt.getDeliveryId()), attempt))
			.toList();
	}

	/**
	 * Sends a signed {@code ping} to the project's webhook URL now (outside any
	 * transaction), logs it like any delivery and answers with the attempt's outcome.
	 */
	WebhookAttemptResponse ping(String projectId, String developerId) {
		Project project = ownedProject(projectId, developerId);
		if (project.getWebhookUrl() == null) {
			throw new ApiException(ErrorCode.INVALID_REQUEST, "This project has no webhook_url to send a test to.");
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("event", PING);
		body.put("project_id", project.getId());
		body.put("sent_at", this.clock.millis());
		String payload = WebhookOutbox.render(body);
		UUID deliveryId = UUID.randomUUID();
		SendResult result = this.sender.send(project.getWebhookUrl(), project.getSecretKey(), PING, deliveryId,
				payload);
		WebhookDelivery ping = this.store.recordPing(project.getId(), deliveryId, payload, result);
		return WebhookAttemptResponse.of(ping, 1, result);
	}

	private Project ownedProject(String projectId, String developerId) {
		return this.projects.findByIdAndDeveloperId(projectId, developerId)
			.orElseThrow(() -> new ApiException(ErrorCode.PROJECT_NOT_FOUND));
	}

}
