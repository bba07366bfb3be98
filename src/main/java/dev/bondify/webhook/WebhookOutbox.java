package dev.bondify.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.bondify.project.Project;
import dev.bondify.project.ProjectRepository;
import dev.bondify.session.SessionEvents;
import dev.bondify.session.SignInOutbox;
import dev.bondify.session.TelegramIdentity;
import dev.bondify.system.SecretSealer;

/**
 * Writes the webhook event of a confirm or cancel into the outbox inside the transaction
 * of that state change, so the event exists if and only if the change was committed. The
 * body is rendered once here and sent byte for byte on every attempt. A sign-in created
 * confirmed by one statement takes its rendered event into that statement instead
 * ({@link SignInOutbox}).
 */
@Component
class WebhookOutbox implements SignInOutbox {

	static final String CONFIRMED = "auth.confirmed";

	static final String CANCELLED = "auth.cancelled";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ProjectRepository projects;

	private final WebhookDeliveryRepository deliveries;

	private final ApplicationEventPublisher events;

	private final SecretSealer sealer;

	WebhookOutbox(ProjectRepository projects, WebhookDeliveryRepository deliveries, ApplicationEventPublisher events,
			SecretSealer sealer) {
		this.projects = projects;
		this.deliveries = deliveries;
		this.events = events;
		this.sealer = sealer;
	}

	@EventListener
	void onConfirmed(SessionEvents.Confirmed confirmed) {
		enqueue(confirmed.projectId(), CONFIRMED, confirmedBody(confirmed), confirmed.confirmedAt());
	}

	/**
	 * The body {@link #onConfirmed} would queue, sealed as {@link WebhookDelivery} seals
	 * its payload column.
	 */
	@Override
	public Entry confirmed(SessionEvents.Confirmed confirmed) {
		return new Entry(CONFIRMED, this.sealer.sealText(render(confirmedBody(confirmed))));
	}

	private static Map<String, Object> confirmedBody(SessionEvents.Confirmed confirmed) {
		TelegramIdentity identity = confirmed.identity();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("event", CONFIRMED);
		body.put("project_id", confirmed.projectId());
		body.put("session_token", confirmed.sessionToken());
		body.put("telegram_id", Long.toString(identity.id()));
		body.put("telegram_name", identity.name());
		body.put("telegram_username", identity.username());
		body.put("telegram_phone", identity.phone());
		body.put("confirmed_at", confirmed.confirmedAt().toEpochMilli());
		return body;
	}

	@EventListener
	void onCancelled(SessionEvents.Cancelled cancelled) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("event", CANCELLED);
		body.put("project_id", cancelled.projectId());
		body.put("session_token", cancelled.sessionToken());
		body.put("cancelled_at", cancelled.cancelledAt().toEpochMilli());
		enqueue(cancelled.projectId(), CANCELLED, body, cancelled.cancelledAt());
	}

	static String render(Map<String, Object> body) {
		return JSON.writeValueAsString(body);
	}

	private void enqueue(String projectId, String event, Map<String, Object> body, Instant now) {
		Project project = this.projects.findById(projectId).orElse(null);
		if (project == null || project.getWebhookUrl() == null) {
			return;
		}
		this.deliveries.save(new WebhookDelivery(projectId, event, render(body), now));
		// Heard after commit by the dispatcher, which then sends without waiting for its
		// next poll.
		this.events.publishEvent(new WebhookQueued(projectId));
	}

	/**
	 * A delivery was written to the outbox (published inside the writing transaction).
	 */
	record WebhookQueued(String projectId) {
	}

}
