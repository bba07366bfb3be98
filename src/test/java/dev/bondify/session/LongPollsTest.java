package dev.bondify.session;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.servlet.AsyncEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.StandardServletAsyncWebRequest;
import org.springframework.web.context.request.async.WebAsyncManager;
import org.springframework.web.context.request.async.WebAsyncUtils;

import dev.bondify.session.LongPolls.Holder;
import dev.bondify.system.ApiException;
import dev.bondify.system.ChangeNotifications;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.RandomTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Held polls against MVC's real async machinery (its timeout handling driven by hand, as
 * the container would): with strict delivery, the answer that hands the proof out is the
 * one sent, whatever races it (the deadline, a reset); and the bounds per IP and per
 * project key.
 */
class LongPollsTest {

	private static final String TOKEN = "sess_longPollsTestToken";

	private static final VerifyResponse.Confirmed CONFIRMED = new VerifyResponse.Confirmed("42", "Alex", null, null, 1L,
			"eyJ.proof.once");

	private final ChangeNotifications notifications = mock(ChangeNotifications.class);

	private LongPolls polls;

	/** A session that strict delivery (PT0S) hands out once: then only "used". */
	private final StrictSession session = new StrictSession();

	@BeforeEach
	void listening() {
		given(this.notifications.isListening()).willReturn(true);
		this.polls = new LongPolls(this.notifications, new LongPollProperties(10000, 1, 2, 3));
	}

	@AfterEach
	void stop() {
		this.session.release.countDown();
		this.polls.destroy();
	}

	@Test
	void theDeadlineRacingTheDeliveringWakeUpSendsTheProofNotUsed() throws Exception {
		Held held = hold();
		this.session.confirmed.set(true);
		this.polls.changed("s" + HexFormat.of().formatHex(RandomTokens.sha256(TOKEN)));
		assertThat(this.session.delivering.await(10, TimeUnit.SECONDS)).as("the wake-up is delivering").isTrue();

		// The container's timeout fires while the wake-up holds the proof it just took.
		Thread deadline = Thread.ofPlatform().start(held::timeOut);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> deadline.getState() == Thread.State.WAITING || deadline.getState() == Thread.State.TERMINATED);
		this.session.release.countDown();
		deadline.join(10_000);

		assertThat(deadline.isAlive()).isFalse();
		assertThat(this.session.delivered.get()).isEqualTo(1);
		assertThat(held.manager.getConcurrentResult()).as("the answer sent").isEqualTo(CONFIRMED);
	}

	@Test
	void aResetWhileTheWakeUpDeliversDoesNotAnswerPending() throws Exception {
		Held held = hold();
		this.session.confirmed.set(true);
		this.polls.changed("s" + HexFormat.of().formatHex(RandomTokens.sha256(TOKEN)));
		assertThat(this.session.delivering.await(10, TimeUnit.SECONDS)).isTrue();

		this.polls.reset();
		this.session.release.countDown();

		await().atMost(Duration.ofSeconds(10)).until(held.manager::hasConcurrentResult);
		assertThat(held.manager.getConcurrentResult()).isEqualTo(CONFIRMED);
		assertThat(this.session.delivered.get()).isEqualTo(1);
	}

	@Test
	void theDeadlineOfAPendingSessionAnswersPendingAndDeliversNothing() throws Exception {
		Held held = hold();

		held.timeOut();

		assertThat(held.manager.getConcurrentResult()).isEqualTo(VerifyResponse.Simple.PENDING);
		assertThat(this.session.delivered.get()).isZero();
	}

	@Test
	void secretKeyPollsAreBoundedPerProjectKeyAndPublicOnesPerIp() {
		Supplier<VerifyResponse> pending = () -> VerifyResponse.Simple.PENDING;
		Duration wait = Duration.ofSeconds(5);
		this.polls.hold("sess_a1", Holder.projectKey("proj_a", "dev_a"), wait, pending);
		this.polls.hold("sess_a2", Holder.projectKey("proj_a", "dev_a"), wait, pending);

		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.polls.hold("sess_a3", Holder.projectKey("proj_a", "dev_a"), wait, pending))
			.satisfies(ex -> {
				assertThat(ex.code()).isEqualTo(ErrorCode.RATE_LIMITED);
				assertThat(ex.retryAfterSeconds()).isEqualTo(1L);
			});
		// Another project's key, and a public caller whose IP bucket happens to be the
		// same string, each have their own count.
		this.polls.hold("sess_b1", Holder.projectKey("proj_b", "dev_b"), wait, pending);
		this.polls.hold("sess_c1", Holder.clientIp("proj_a"), wait, pending);
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.polls.hold("sess_c2", Holder.clientIp("proj_a"), wait, pending))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ErrorCode.RATE_LIMITED));
		assertThat(this.polls.held()).isEqualTo(4);
	}

	@Test
	void secretKeyPollsOfOneDevelopersProjectsAreBoundedTogether() throws Exception {
		// Per key 2, per developer 3: two keys of one developer hold three polls, not
		// four.
		Held first = hold("sess_d1", Holder.projectKey("proj_d1", "dev_d"), pending());
		hold("sess_d2", Holder.projectKey("proj_d1", "dev_d"), pending());
		hold("sess_d3", Holder.projectKey("proj_d2", "dev_d"), pending());

		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> hold("sess_d4", Holder.projectKey("proj_d2", "dev_d"), pending()))
			.satisfies(ex -> {
				assertThat(ex.code()).isEqualTo(ErrorCode.RATE_LIMITED);
				assertThat(ex.retryAfterSeconds()).isEqualTo(1L);
			});
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> hold("sess_d5", Holder.projectKey("proj_d3", "dev_d"), pending()))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ErrorCode.RATE_LIMITED));
		assertThat(this.polls.heldForDeveloper("dev_d")).isEqualTo(3);

		// Another developer's poll, and a demo project's (no developer: its own), are
		// still held.
		assertThat(hold("sess_e1", Holder.projectKey("proj_e1", "dev_e"), pending()).manager.hasConcurrentResult())
			.isFalse();
		hold("sess_demo", Holder.projectKey("proj_demo", null), pending());
		assertThat(this.polls.heldForDeveloper("proj_demo")).isEqualTo(1);
		assertThat(this.polls.held()).isEqualTo(5);

		// A refused poll gave back what it took: once one ends, the second key of the
		// developer holds its second poll.
		first.complete();
		assertThat(this.polls.heldForDeveloper("dev_d")).isEqualTo(2);
		hold("sess_d6", Holder.projectKey("proj_d2", "dev_d"), pending());
		assertThat(this.polls.heldForDeveloper("dev_d")).isEqualTo(3);
		assertThat(this.polls.held()).isEqualTo(5);
	}

	@Test
	void aPollJoiningASessionWhoseOtherPollsEndIsStillWoken() throws Exception {
		AtomicBoolean confirmed = new AtomicBoolean();
		Supplier<VerifyResponse> session = () -> confirmed.get() ? CONFIRMED : VerifyResponse.Simple.PENDING;
		Held first = hold(TOKEN, Holder.clientIp("192.0.2.1"), session);
		Held second = hold(TOKEN, Holder.clientIp("192.0.2.2"), session);
		first.complete();
		Held third = hold(TOKEN, Holder.clientIp("192.0.2.3"), session);
		second.complete();
		assertThat(this.polls.waitingSessions()).as("the set the third poll joined is still the map's").isEqualTo(1);

		confirmed.set(true);
		this.polls.changed("s" + HexFormat.of().formatHex(RandomTokens.sha256(TOKEN)));

		await().atMost(Duration.ofSeconds(10)).until(third.manager::hasConcurrentResult);
		assertThat(third.manager.getConcurrentResult()).isEqualTo(CONFIRMED);
		third.complete();
		assertThat(this.polls.waitingSessions()).as("no empty set left behind").isZero();
		assertThat(this.polls.held()).isZero();
	}

	@Test
	void aPollWhoseSessionsLastOtherPollEndsWhileItRegistersIsStillWoken() throws Exception {
		InterleavingMap<ByteBuffer, Object> waiting = new InterleavingMap<>();
		LongPolls polls = new LongPolls(this.notifications, new LongPollProperties(10000, 5, 5, 5), waiting);
		try {
			AtomicBoolean confirmed = new AtomicBoolean();
			Supplier<VerifyResponse> session = () -> confirmed.get() ? CONFIRMED : VerifyResponse.Simple.PENDING;
			Held first = hold(polls, TOKEN, Holder.clientIp("192.0.2.1"), session);
			// The session's only other poll ends right as the second one registers.
			waiting.afterNextRegistration(first::complete);
			Held second = hold(polls, TOKEN, Holder.clientIp("192.0.2.2"), session);

			confirmed.set(true);
			polls.changed("s" + HexFormat.of().formatHex(RandomTokens.sha256(TOKEN)));

			await().atMost(Duration.ofSeconds(10)).until(second.manager::hasConcurrentResult);
			assertThat(second.manager.getConcurrentResult()).isEqualTo(CONFIRMED);
		}
		finally {
			polls.destroy();
		}
	}

	@Test
	void aResetOrAChangeAfterShutdownIsANoOp() throws Exception {
		Held held = hold();
		this.session.confirmed.set(true);
		// The deadline's answer runs (holding the poll's lock) when the bean is
		// destroyed,
		// so a reset has to hand its "pending" to the wake-up executor.
		Thread deadline = Thread.ofPlatform().start(held::timeOut);
		assertThat(this.session.delivering.await(10, TimeUnit.SECONDS)).isTrue();
		this.polls.destroy();

		this.polls.reset();
		this.polls.changed("s" + HexFormat.of().formatHex(RandomTokens.sha256(TOKEN)));

		this.session.release.countDown();
		deadline.join(10_000);
		assertThat(deadline.isAlive()).isFalse();
		assertThat(held.manager.getConcurrentResult()).isEqualTo(CONFIRMED);
	}

	private static Supplier<VerifyResponse> pending() {
		return () -> VerifyResponse.Simple.PENDING;
	}

	/** Holds a pending poll of {@link #TOKEN} as MVC does for verify's return value. */
	private Held hold() throws Exception {
		return hold(TOKEN, Holder.clientIp("198.51.100.7"), this.session);
	}

	/** Holds a pending poll as MVC does for verify's return value. */
	private Held hold(String token, Holder holder, Supplier<VerifyResponse> verify) throws Exception {
		return hold(this.polls, token, holder, verify);
	}

	private static Held hold(LongPolls polls, String token, Holder holder, Supplier<VerifyResponse> verify)
			throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setAsyncSupported(true);
		StandardServletAsyncWebRequest asyncRequest = new StandardServletAsyncWebRequest(request,
				new MockHttpServletResponse());
		WebAsyncManager manager = WebAsyncUtils.getAsyncManager(request);
		manager.setAsyncWebRequest(asyncRequest);
		Object held = polls.hold(token, holder, Duration.ofSeconds(25), verify);
		assertThat(held).isInstanceOf(DeferredResult.class);
		manager.startDeferredResultProcessing((DeferredResult<?>) held);
		return new Held(request, asyncRequest, manager);
	}

	private record Held(MockHttpServletRequest request, StandardServletAsyncWebRequest asyncRequest,
			WebAsyncManager manager) {

		/** What the container does when the request ends (answered or not). */
		void complete() {
			try {
				this.asyncRequest.onComplete(new AsyncEvent(this.request.getAsyncContext()));
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		/** What the container does when the async timeout elapses. */
		void timeOut() {
			try {
				this.asyncRequest.onTimeout(new AsyncEvent(this.request.getAsyncContext()));
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/**
	 * The map of waiting sessions, running a step once right after the next registration
	 * ({@code compute} or {@code computeIfAbsent}) returns, on the registering thread.
	 */
	private static final class InterleavingMap<K, V> extends ConcurrentHashMap<K, V> {

		private final AtomicReference<Runnable> next = new AtomicReference<>();

		void afterNextRegistration(Runnable step) {
			this.next.set(step);
		}

		@Override
		public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
			V value = super.compute(key, remapping);
			runNext();
			return value;
		}

		@Override
		public V computeIfAbsent(K key, Function<? super K, ? extends V> mapping) {
			V value = super.computeIfAbsent(key, mapping);
			runNext();
			return value;
		}

		private void runNext() {
			Runnable step = this.next.getAndSet(null);
			if (step != null) {
				step.run();
			}
		}

	}

	/**
	 * Verify of one session under strict delivery: pending, then the confirmed body for
	 * the one call that delivers it (which pauses, holding the proof, until released),
	 * then {@code used}.
	 */
	private static final class StrictSession implements Supplier<VerifyResponse> {

		final AtomicBoolean confirmed = new AtomicBoolean();

		final AtomicInteger delivered = new AtomicInteger();

		final CountDownLatch delivering = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public VerifyResponse get() {
			if (!this.confirmed.get()) {
				return VerifyResponse.Simple.PENDING;
			}
			if (this.delivered.compareAndSet(0, 1)) {
				this.delivering.countDown();
				try {
					this.release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return CONFIRMED;
			}
			return VerifyResponse.Simple.USED;
		}

	}

}
