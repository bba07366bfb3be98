package dev.bondify.webhook;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.bondify.project.Project;
import dev.bondify.project.ProjectRepository;
import dev.bondify.session.SessionEvents;
import dev.bondify.webhook.WebhookDeliveryStore.Outcome;

/**
 * Sends due deliveries without batch barriers: claims what fits in this instance's free
 * slots and each project's and each developer's concurrency cap, starts every send at
 * once on its own virtual thread, and claims again whenever a send ends, so a hanging
 * endpoint holds only its own project's slots. Leases are short and renewed while sends
 * last. Runs on a poll, right after an event is committed, and at start-up, which picks
 * up whatever a stopped instance left behind.
 */
@Component
class WebhookDispatcher implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(WebhookDispatcher.class);

	private final WebhookDeliveryStore store;

	private final ProjectRepository projects;

	private final WebhookSender sender;

	private final MeterRegistry meters;

	private final WebhookProperties properties;

	private final ExecutorService loop = Executors
		.newSingleThreadExecutor(Thread.ofPlatform().name("webhook-dispatcher").daemon(true).factory());

	private final ScheduledExecutorService renewals = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("webhook-lease-renewal").daemon(true).factory());

	private final ExecutorService sends = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("webhook-send-", 0).factory());

	/** Deliveries being sent by this instance, with the lease token of their claim. */
	private final Map<UUID, UUID> inFlight = new ConcurrentHashMap<>();

	private final AtomicBoolean queued = new AtomicBoolean();

	WebhookDispatcher(WebhookDeliveryStore store, ProjectRepository projects, WebhookSender sender,
			MeterRegistry meters, WebhookProperties properties) {
		this.store = store;
		this.projects = projects;
		this.sender = sender;
		this.meters = meters;
		this.properties = properties;
		// Every outcome's series exists from the start, so a dashboard's rate() has a
		// zero to start from.
		for (Outcome outcome : Outcome.values()) {
			if (outcome != Outcome.LOST) {
				meters.counter("bondify.webhook.deliveries", "outcome", outcome.name().toLowerCase(Locale.ROOT));
			}
		}
		long period = properties.lease().toMillis() / 3;
		this.renewals.scheduleWithFixedDelay(this::renewLeases, period, period, TimeUnit.MILLISECONDS);
	}

	/**
	 * Claims due deliveries and attempts each once, waiting for these outcomes (the
	 * background loop never waits); answers how many were attempted. Safe to call from
	 * several threads and instances at once.
	 */
	int runOnce() {
		List<Future<?>> started = dispatch();
		for (Future<?> future : started) {
			try {
				future.get();
			}
			catch (ExecutionException ex) {
				logger.error("A webhook attempt failed unexpectedly", ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return started.size();
	}

	/**
	 * Asks for a claim soon on the dispatcher thread; calls while one is queued are
	 * folded into it.
	 */
	void wake() {
		if (this.queued.compareAndSet(false, true)) {
			try {
				this.loop.execute(this::drain);
			}
			catch (RejectedExecutionException ex) {
				// Stopping.
			}
		}
	}

	/** Deliveries this instance is sending right now. */
	int inFlight() {
		return this.inFlight.size();
	}

	@Scheduled(fixedDelayString = "${bondify.webhooks.poll-interval:1s}")
	void poll() {
		wake();
	}

	@TransactionalEventListener
	void onQueued(WebhookOutbox.WebhookQueued queued) {
		wake();
	}

	// Published after the one statement that queued the event committed.
	@EventListener
	void onSignedIn(SessionEvents.SignedIn signedIn) {
		if (signedIn.webhookQueued()) {
			wake();
		}
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
			int started;
			do {
				started = dispatch().size();
			}
			while (started >= this.properties.batchSize() && !Thread.currentThread().isInterrupted());
		}
		catch (RuntimeException ex) {
			// The database may be down; the next poll tries again.
			logger.warn("Webhook dispatch failed: {}", ex.toString());
		}
	}

	/**
	 * Claims what fits in the free slots and starts each send; never waits for one. A
	 * finished send frees its slot and wakes the loop.
	 */
	private List<Future<?>> dispatch() {
		List<WebhookDelivery> claimed = this.store.claim(this.properties.maxInFlight() - this.inFlight.size());
		List<Future<?>> started = new ArrayList<>(claimed.size());
		for (WebhookDelivery delivery : claimed) {
			this.inFlight.put(delivery.getId(), delivery.getLeaseToken());
			try {
				started.add(this.sends.submit(() -> {
					try {
						attempt(delivery);
					}
					finally {
						this.inFlight.remove(delivery.getId());
						wake();
					}
				}));
			}
			catch (RejectedExecutionException ex) {
				// Stopping: the lease runs out and another instance sends it.
				this.inFlight.remove(delivery.getId());
			}
		}
		return started;
	}

	void renewLeases() {
		try {
			this.store.renew(new HashSet<>(this.inFlight.values()));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not renew webhook delivery leases: {}", ex.toString());
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
		this.renewals.shutdownNow();
		// Interrupted sends record nothing; their leases run out and whichever instance
		// runs next sends them again.
		this.sends.shutdownNow();
	}

}
