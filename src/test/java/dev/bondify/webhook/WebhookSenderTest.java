package dev.bondify.webhook;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.bondify.support.WebhookReceiver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard is applied again right before each send, so a target that became unsafe (DNS
 * change, relaxed flags removed) is not contacted.
 */
class WebhookSenderTest {

	private final WebhookReceiver receiver = new WebhookReceiver();

	@AfterEach
	void close() {
		this.receiver.close();
	}

	@Test
	void sendWhenGuardIsStrictThenLoopbackTargetIsNotContacted() {
		WebhookSender sender = sender(new WebhookTargetGuard(false, false, InetAddress::getAllByName));
		try {
			SendResult result = sender.send(this.receiver.url().replace("http://", "https://"), "sk_live_x",
					"auth.confirmed", UUID.randomUUID(), "{}");

			assertThat(result.success()).isFalse();
			assertThat(result.httpStatus()).isNull();
			assertThat(result.error()).isEqualTo("Not sent: the webhook_url is not allowed "
					+ "(its host resolves to a loopback, private or link-local address).");
			assertThat(this.receiver.received()).isEmpty();
		}
		finally {
			sender.destroy();
		}
	}

	@Test
	void sendWhenGuardIsRelaxedThenTheSameTargetIsContacted() {
		WebhookSender sender = sender(new WebhookTargetGuard(true, true, InetAddress::getAllByName));
		try {
			SendResult result = sender.send(this.receiver.url(), "sk_live_x", "auth.confirmed", UUID.randomUUID(),
					"{}");

			assertThat(result.success()).isTrue();
			assertThat(result.httpStatus()).isEqualTo(200);
			assertThat(this.receiver.received()).hasSize(1);
		}
		finally {
			sender.destroy();
		}
	}

	@Test
	void sendConnectsToTheCheckedAddressEvenWhenTheNameRebindsAfterTheCheck() {
		AtomicInteger lookups = new AtomicInteger();
		// The first answer is what the guard checks; any later lookup would point
		// elsewhere on loopback, where nothing listens on the receiver's port.
		WebhookTargetGuard guard = new WebhookTargetGuard(true, true, host -> {
			assertThat(host).isEqualTo("hooks.rebinding.test");
			String literal = (lookups.incrementAndGet() == 1) ? "127.0.0.1" : "127.0.0.2";
			return new InetAddress[] { InetAddress.getByName(literal) };
		});
		WebhookSender sender = sender(guard);
		try {
			String url = this.receiver.url().replace("127.0.0.1", "hooks.rebinding.test");

			SendResult result = sender.send(url, "sk_live_x", "auth.confirmed", UUID.randomUUID(), "{}");

			assertThat(result.httpStatus()).as(String.valueOf(result.error())).isEqualTo(200);
			assertThat(lookups).as("resolved once, by the check").hasValue(1);
			assertThat(this.receiver.received()).singleElement()
				.satisfies(request -> assertThat(request.header("Host")).startsWith("hooks.rebinding.test:"));
		}
		finally {
			sender.destroy();
		}
	}

	@Test
	void sendWhenTheNameNowResolvesToAnInternalAddressThenNothingIsContacted() {
		AtomicInteger lookups = new AtomicInteger();
		WebhookTargetGuard guard = new WebhookTargetGuard(true, false, host -> {
			lookups.incrementAndGet();
			return new InetAddress[] { InetAddress.getByName("127.0.0.1") };
		});
		WebhookSender sender = sender(guard);
		try {
			SendResult result = sender.send(this.receiver.url().replace("127.0.0.1", "hooks.rebinding.test"),
					"sk_live_x", "auth.confirmed", UUID.randomUUID(), "{}");

			assertThat(result.error()).startsWith("Not sent: the webhook_url is not allowed");
			assertThat(lookups).hasValue(1);
			assertThat(this.receiver.received()).isEmpty();
		}
		finally {
			sender.destroy();
		}
	}

	private static WebhookSender sender(WebhookTargetGuard guard) {
		return new WebhookSender(guard, Clock.systemUTC(), new WebhookProperties(false, false, Duration.ofSeconds(5),
				List.of(), Duration.ofDays(1), Duration.ofSeconds(1), 1, Duration.ofSeconds(10), 4, 16, 64));
	}

}
