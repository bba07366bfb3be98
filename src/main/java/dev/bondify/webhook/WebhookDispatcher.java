package dev.bondify.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.bondify.project.Project;
import dev.bondify.project.ProjectRepository;
import dev.bondify.webhook.WebhookDeliveryStore.Outcome;

/**
 * Sends due deliveries: claims a batch under a lease (skipping rows other instances
 * hold), sends them in parallel outside any transaction with the project's current URL
 * and secret key, and records each outcome. Runs on a poll, right after an event is
 * committed, and at start-up, which picks up whatever a stopped instance left behind.
 */
@Component
public class WebhookDispatcher implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(WebhookDispatcher.class);

	private final WebhookDeliveryStore store;

	private final ProjectRepository projects;

	private final WebhookSender sender;

	private final MeterRegistry meters;

	private final ExecutorService loop = Executors
		.newSingleThreadExecutor(Thread.ofPlatform().name("webhook-dispatcher").daemon(true).factory());

	private final AtomicBoolean queued = new AtomicBoolean();

	WebhookDispatcher(WebhookDeliveryStore store, ProjectRepository projects, WebhookSender sender,
			MeterRegistry meters) {
		this.store = store;
		this.projects = projects;
		this.sender = sender;
		this.meters = meters;
	}

	/**
	 * Claims one batch of due deliveries, attempts each once and waits for the outcomes;
	 * answers how many were attempted. Safe to call from several threads and instances at
	 * once.
	 */
	public int runOnce() {
		List<WebhookDelivery> claimed = this.store.claim();
		if (claimed.isEmpty()) {
			return 0;
		}
		try (ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> running = new ArrayList<>(claimed.size());
			for (WebhookDelivery delivery : claimed) {
				running.add(sends.submit(() -> attempt(delivery)));
			}
			for (Future<?> future : running) {
				try {
					future.get();
				}
				catch (ExecutionException ex) {
					logger.error("A webhook attempt failed unexpectedly", ex.getCause());
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return claimed.size();
	}

	/**
	 * Asks for a run soon on the dispatcher thread; calls while one is queued are folded
	 * into it.
	 */
	public void wake() {
		if (this.queued.compareAndSet(false, true)) {
			this.loop.execute(this::drain);
		}
	}

	@Scheduled(fixedDelayString = "${bondify.webhooks.poll-interval:1s}")
	void poll() {
		wake();
	}

	@TransactionalEventListener
	void onQueued(WebhookOutbox.WebhookQueued queued) {
		wake();
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
	void prune() {
		int pruned = this.store.prune();
		if (pruned > 0) {
			logger.info("Pruned {} finished webhook deliveries past their retention", pruned);
		}
	}

	private void drain() {
		this.queued.set(false);
		try {
			int batch;
			do {
				batch = runOnce();
			}
			while (batch > 0 && !Thread.currentThread().isInterrupted());
		}
		catch (RuntimeException ex) {
			// The database may be down; the next poll tries again.
			logger.warn("Webhook dispatch failed: {}", ex.toString());
		}
	}

	private void attempt(WebhookDelivery delivery) {
		Project project = this.projects.findById(delivery.getProjectId()).orElse(null);
		if (project == null) {
			// Deleted meanwhile; its deliveries went with it.
			return;
		}
		SendResult result;
		try {
			result = this.sender.send(project.getWebhookUrl(), project.getSecretKey(), delivery.getEvent(),
					delivery.getId(), delivery.getPayload());
		}
		catch (CancellationException ex) {
			return;
		}
		Outcome outcome = this.store.record(delivery, result);
		if (outcome == Outcome.LOST) {
			return;
		}
		this.meters.counter("bondify.webhook.deliveries", "outcome", outcome.name().toLowerCase(Locale.ROOT))
			.increment();
		if (outcome != Outcome.SUCCESS) {
			logger.info("Webhook delivery {} ({}) attempt {} failed: {}", delivery.getId(), delivery.getEvent(),
					delivery.getAttempts() + 1,
					(result.httpStatus() != null) ? "HTTP " + result.httpStatus() : result.error());
		}
	}

	@Override
	public void destroy() {
		this.loop.shutdownNow();
	}

}
