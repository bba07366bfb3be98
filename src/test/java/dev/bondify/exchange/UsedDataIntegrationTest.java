package dev.bondify.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A datum is claimed once, and its record is dropped only once the datum is too old to be
 * accepted anyway.
 */
class UsedDataIntegrationTest extends IntegrationTest {

	@Autowired
	UsedData usedData;

	@Test
	void aDatumIsClaimedOnceAndForgottenOnlyAfterItExpired() {
		byte[] datum = new byte[32];
		ThreadLocalRandom.current().nextBytes(datum);
		Instant keepUntil = this.clock.instant().plus(Duration.ofMinutes(5));

		assertThat(this.usedData.claim(datum, keepUntil)).isTrue();
		assertThat(this.usedData.claim(datum, keepUntil)).isFalse();

		this.clock.set(keepUntil.minusSeconds(1));
		this.usedData.deleteExpired();
		assertThat(this.usedData.claim(datum, keepUntil)).isFalse();

		this.clock.set(keepUntil.plusSeconds(1));
		this.usedData.deleteExpired();
		assertThat(this.usedData.claim(datum, keepUntil)).isTrue();
	}

}
