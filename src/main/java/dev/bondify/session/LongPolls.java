package dev.bondify.session;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

import dev.bondify.system.ApiException;
import dev.bondify.system.ChangeNotifications;
import dev.bondify.system.RandomTokens;

/**
 * Verify polls held open while their session is pending ({@code "wait"}), without a
 * thread or a database connection: each is a {@link DeferredResult} woken by the change
 * notification of its session (whichever instance made the change), answered
 * {@code pending} at its deadline, bounded per instance and per {@link Holder}: the
 * client IP of a public call; the project key, and the developer owning the project, of a
 * secret-key call.
 */
@Component
class LongPolls implements ChangeNotifications.Subscriber, DisposableBean {

	/** How often held polls are re-read while the change link is not current. */
	static final Duration TICK = Duration.ofMillis(200);

	private final ChangeNotifications notifications;

	private final LongPollProperties limits;

	private final Map<ByteBuffer, Set<Waiter>> waiters;

	private final Map<Bucket, AtomicInteger> perBucket = new ConcurrentHashMap<>();

	private final AtomicInteger held = new AtomicInteger();

	/** Re-checks run here, off the notification thread; they may query the database. */
	private final ExecutorService wakeUps = Executors.newVirtualThreadPerTaskExecutor();

	/**
	 * Which held sessions are still pending in the database (the distrusted fallback).
	 */
	private final Function<Collection<ByteBuffer>, Set<ByteBuffer>> stillPending;

	private final ScheduledExecutorService ticks;

	@Autowired
	LongPolls(ChangeNotifications notifications, LongPollProperties limits, SessionPolls polls) {
		this(notifications, limits, new ConcurrentHashMap<>(), polls::stillPending);
	}

	/** Without a database: a distrusted link wakes nothing (unit tests). */
	LongPolls(ChangeNotifications notifications, LongPollProperties limits) {
		this(notifications, limits, new ConcurrentHashMap<>(), Set::copyOf);
	}

	/**
	 * With the map of waiting sessions given: a test drives an interleaving through its
	 * methods.
	 */
	LongPolls(ChangeNotifications notifications, LongPollProperties limits, ConcurrentHashMap<ByteBuffer, ?> waiters) {
		this(notifications, limits, waiters, Set::copyOf);
	}

	/**
	 * With the database check given: while the link is not current, every {@link #TICK}
	 * the held sessions no longer pending are woken.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	LongPolls(ChangeNotifications notifications, LongPollProperties limits, ConcurrentHashMap<ByteBuffer, ?> waiters,
			Function<Collection<ByteBuffer>, Set<ByteBuffer>> stillPending) {
		this.notifications = notifications;
		this.limits = limits;
		this.waiters = (Map) waiters;
		this.stillPending = stillPending;
		this.ticks = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("long-poll-ticks").daemon().factory());
		this.ticks.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
		notifications.subscribe(this);
	}

	/**
	 * While the link is not current (a heartbeat overdue: a frozen backend, or a CPU too
	 * starved to hear it in time) a change may go unheard: the held sessions are read
	 * from the database, one statement for all of them, and those no longer pending are
	 * answered. The polls stay held otherwise, so a lapse on a starved CPU costs one read
	 * per tick, not a wrong or early answer; a change is answered within the trust window
	 * plus one tick (under 1 s) whatever the link does.
	 */
	void tick() {
		if (this.waiters.isEmpty() || this.notifications.isCurrent()) {
			return;
		}
		try {
			Set<ByteBuffer> held = Set.copyOf(this.waiters.keySet());
			Set<ByteBuffer> pending = this.stillPending.apply(held);
			for (ByteBuffer key : held) {
				if (!pending.contains(key)) {
					Set<Waiter> woken = this.waiters.get(key);
					if (woken != null) {
						woken.forEach((waiter) -> execute(() -> waiter.answer(false)));
					}
				}
			}
		}
		catch (RuntimeException ex) {
			// The database is busy or away: the next tick reads again, and each poll is
			// still answered at its deadline.
		}
	}

	/**
	 * Holds a poll whose first answer was {@code pending}; {@code verify} answers it
	 * again on every wake-up and at the deadline. Answered at once when changes cannot be
	 * heard (the notification connection is down).
	 * @throws ApiException {@code RATE_LIMITED} beyond the bounds
	 */
	Object hold(String sessionToken, Holder holder, Duration wait, Supplier<VerifyResponse> verify) {
		if (!this.notifications.isListening()) {
			return verify.get();
		}
		acquire(holder);
		Waiter waiter = new Waiter(ByteBuffer.wrap(RandomTokens.sha256(sessionToken)), holder, verify,
				new DeferredResult<>(wait.toMillis()));
		waiter.result.onTimeout(() -> waiter.answer(true));
		waiter.result.onError((ex) -> waiter.release());
		waiter.result.onCompletion(waiter::release);
		// Added inside compute: a release emptying the set cannot drop it from the map
		// between this poll finding the set and joining it (it would never be woken).
		this.waiters.compute(waiter.key, (key, set) -> {
			Set<Waiter> joined = (set != null) ? set : ConcurrentHashMap.newKeySet();
			joined.add(waiter);
			return joined;
		});
		// A change between the first answer and the registration above was not heard.
		waiter.answer(false);
		return waiter.result;
	}

	int held() {
		return this.held.get();
	}

	/** Polls held now for the secret keys of one developer's projects. */
	int heldForDeveloper(String developer) {
		AtomicInteger count = this.perBucket.get(new Bucket(Bucket.Kind.DEVELOPER, developer));
		return (count != null) ? count.get() : 0;
	}

	/** Sessions with at least one poll held (an empty set is never left in the map). */
	int waitingSessions() {
		return this.waiters.size();
	}

	@Override
	public void changed(String payload) {
		if (!payload.startsWith("s")) {
			return;
		}
		Set<Waiter> woken = this.waiters.get(ByteBuffer.wrap(HexFormat.of().parseHex(payload, 1, payload.length())));
		if (woken != null) {
			woken.forEach((waiter) -> execute(() -> waiter.answer(false)));
		}
	}

	@Override
	public void reset() {
		// Changes may have been missed. Every held poll is answered "pending" at once,
		// without a database read each (thousands of them at the same moment would take
		// the pool from every other request); its client polls again and reads the
		// database, since the caches are bypassed until notifications are back.
		this.waiters.values().forEach((set) -> set.forEach(Waiter::answerPending));
	}

	@Override
	public void destroy() {
		this.ticks.shutdownNow();
		this.wakeUps.shutdownNow();
	}

	private void acquire(Holder holder) {
		if (this.held.incrementAndGet() > this.limits.maxWaiters()) {
			this.held.decrementAndGet();
			throw ApiException.rateLimited(1);
		}
		if (holder.projectKey()) {
			take(new Bucket(Bucket.Kind.PROJECT_KEY, holder.id()), this.limits.maxWaitersPerKey());
			take(new Bucket(Bucket.Kind.DEVELOPER, holder.developer()), this.limits.maxWaitersPerDeveloper(),
					new Bucket(Bucket.Kind.PROJECT_KEY, holder.id()));
		}
		else {
			take(new Bucket(Bucket.Kind.CLIENT_IP, holder.id()), this.limits.maxWaitersPerIp());
		}
	}

	/**
	 * Counts one more poll against {@code bucket}, or gives back what this poll took so
	 * far ({@code taken} and the instance count) and throws {@code RATE_LIMITED}.
	 */
	private void take(Bucket bucket, int limit, Bucket... taken) {
		// The count is taken inside compute, so concurrent acquires each see their own.
		int[] count = new int[1];
		this.perBucket.compute(bucket, (key, existing) -> {
			AtomicInteger counter = (existing != null) ? existing : new AtomicInteger();
			count[0] = counter.incrementAndGet();
			return counter;
		});
		if (count[0] > limit) {
			give(bucket);
			for (Bucket earlier : taken) {
				give(earlier);
			}
			this.held.decrementAndGet();
			throw ApiException.rateLimited(1);
		}
	}

	private void give(Bucket bucket) {
		this.perBucket.computeIfPresent(bucket, (key, counter) -> (counter.decrementAndGet() <= 0) ? null : counter);
	}

	private void releaseHolder(Holder holder) {
		if (holder.projectKey()) {
			give(new Bucket(Bucket.Kind.DEVELOPER, holder.developer()));
			give(new Bucket(Bucket.Kind.PROJECT_KEY, holder.id()));
		}
		else {
			give(new Bucket(Bucket.Kind.CLIENT_IP, holder.id()));
		}
	}

	/** Runs a wake-up off the calling thread; nothing once the bean is destroyed. */
	private void execute(Runnable task) {
		try {
			this.wakeUps.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: the container answers (or drops) what is still held.
		}
	}

	/**
	 * Who a held poll counts against: the client IP (its rate-limit bucket) of a public
	 * call; or the project of a secret-key call, whose key the verify has just checked,
	 * together with the developer owning it (a project without one, the demo, is its own
	 * developer), so that one tenant's many projects cannot hold every poll of the
	 * instance.
	 */
	record Holder(String id, boolean projectKey, String developer) {

		static Holder clientIp(String ipBucket) {
			return new Holder(ipBucket, false, null);
		}

		static Holder projectKey(String projectId, String developerId) {
			return new Holder(projectId, true, (developerId != null) ? developerId : projectId);
		}

	}

	/** One count of held polls: an IP, a project key or a developer. */
	private record Bucket(Kind kind, String id) {

		enum Kind {

			CLIENT_IP, PROJECT_KEY, DEVELOPER

		}

	}

	/**
	 * One held poll. Its answers (the first check, each wake-up, the deadline, a reset)
	 * run one at a time under {@link #answering}, and each first checks that nothing was
	 * answered yet: the answer that runs the delivering statement (which, with no grace
	 * window, hands the proof out once) is then always the one the client receives, never
	 * lost to a concurrent "used" or "pending" answer of the same poll.
	 */
	private final class Waiter {

		private final ByteBuffer key;

		private final Holder holder;

		private final Supplier<VerifyResponse> verify;

		private final DeferredResult<Object> result;

		private final AtomicBoolean released = new AtomicBoolean();

		private final ReentrantLock answering = new ReentrantLock();

		Waiter(ByteBuffer key, Holder holder, Supplier<VerifyResponse> verify, DeferredResult<Object> result) {
			this.key = key;
			this.holder = holder;
			this.verify = verify;
			this.result = result;
		}

		/**
		 * Answers unless still pending (at the deadline: whatever it is). The deadline
		 * runs on the container's timeout; while another answer is running it waits for
		 * that one, which then is the answer sent.
		 */
		void answer(boolean deadline) {
			this.answering.lock();
			try {
				if (this.result.isSetOrExpired()) {
					return;
				}
				VerifyResponse response = this.verify.get();
				if (deadline || response != VerifyResponse.Simple.PENDING
						|| !LongPolls.this.notifications.isListening()) {
					this.result.setResult(response);
				}
			}
			catch (RuntimeException ex) {
				this.result.setErrorResult(ex);
			}
			finally {
				this.answering.unlock();
			}
		}

		/**
		 * Answers {@code pending} without a read; if an answer is running, after it (a
		 * no-op when that one answered).
		 */
		void answerPending() {
			if (this.answering.tryLock()) {
				try {
					this.result.setResult(VerifyResponse.Simple.PENDING);
				}
				finally {
					this.answering.unlock();
				}
				return;
			}
			execute(() -> {
				this.answering.lock();
				try {
					this.result.setResult(VerifyResponse.Simple.PENDING);
				}
				finally {
					this.answering.unlock();
				}
			});
		}

		void release() {
			if (this.released.compareAndSet(false, true)) {
				LongPolls.this.waiters.computeIfPresent(this.key, (k, set) -> {
					set.remove(this);
					return set.isEmpty() ? null : set;
				});
				releaseHolder(this.holder);
				LongPolls.this.held.decrementAndGet();
			}
		}

	}

}
