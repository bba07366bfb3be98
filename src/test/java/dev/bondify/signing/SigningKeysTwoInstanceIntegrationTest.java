package dev.bondify.signing;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.support.IntegrationTest;
import dev.bondify.support.SecondInstance;
import dev.bondify.support.MutableClock;
import dev.bondify.system.ChangeNotifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application instances on one PostgreSQL agree on the signing keys: the same key
 * after simultaneous first starts, and a rotation made on one is published by the other
 * at once and signs on both from the same moment.
 */
class SigningKeysTwoInstanceIntegrationTest extends IntegrationTest {

	private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

	@RegisterExtension
	static final SecondInstance other = new SecondInstance();

	@Autowired
	SigningKeys keys;

	@Autowired
	ChangeNotifications notifications;

	private SigningKeys otherKeys;

	private MutableClock otherClock;

	@BeforeEach
	void bothListeningWithoutKeys() {
		this.otherKeys = other.getBean(SigningKeys.class);
		this.otherClock = other.getBean(MutableClock.class);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.notifications.isListening() && other.getBean(ChangeNotifications.class).isListening());
		noKeys();
	}

	@AfterEach
	void noKeys() {
		this.jdbc.update("delete from signing_keys");
		this.notifications.changedHere(SigningKeys.CHANGE);
		other.getBean(ChangeNotifications.class).changedHere(SigningKeys.CHANGE);
		this.otherClock.reset();
	}

	@Test
	void simultaneousFirstStartsOfBothInstancesAgreeOnOneKey() throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		CompletableFuture<String> here = CompletableFuture.supplyAsync(() -> firstKid(this.keys, start));
		CompletableFuture<String> there = CompletableFuture.supplyAsync(() -> firstKid(this.otherKeys, start));
		start.countDown();
		assertThat(here.get()).isEqualTo(there.get());
		assertThat(count("signing_keys")).isEqualTo(1);
		assertThat(this.otherKeys.publishedKeys().toString()).isEqualTo(this.keys.publishedKeys().toString());
	}

	@Test
	void rotationOnOneInstanceIsPublishedOnTheOtherAtOnceAndSignsOnBothAfterTheDelay() {
		this.clock.set(T0);
		this.otherClock.set(T0);
		String old = this.keys.current().getKeyID();
		assertThat(this.otherKeys.current().getKeyID()).isEqualTo(old);

		String fresh = this.otherKeys.rotate(false).orElseThrow().kid();
		// Learnt through PostgreSQL's NOTIFY, not by polling the table.
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(this.keys.publishedKeys().getKeys()).extracting(JWK::getKeyID)
				.containsExactly(old, fresh));
		assertThat(this.keys.current().getKeyID()).isEqualTo(old);

		Duration delay = other.getBean(SigningProperties.class).activationDelay();
		this.clock.advance(delay);
		this.otherClock.advance(delay);
		assertThat(this.keys.current().getKeyID()).isEqualTo(fresh);
		assertThat(this.otherKeys.current().getKeyID()).isEqualTo(fresh);
		assertThat(this.keys.publishedKeys().toString()).isEqualTo(this.otherKeys.publishedKeys().toString());
	}

	private static String firstKid(SigningKeys keys, CountDownLatch start) {
		try {
			start.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return keys.current().getKeyID();
	}

}
