package dev.bondify.signing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.jwk.ECKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which key signs and which are published, over a rotation's life.
 */
class SigningKeyRingTest {

	private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

	private static final Duration RETIRE = Duration.ofHours(1);

	private final SigningKeyRing.Entry first = entry(1, T0, T0);

	private final SigningKeyRing.Entry second = entry(2, T0.plusSeconds(3600), T0.plusSeconds(3660));

	private final SigningKeyRing ring = new SigningKeyRing(List.of(this.second, this.first));

	@Test
	void newKeyIsPublishedAtOnceButSignsOnlyFromItsActivation() {
		Instant beforeActivation = T0.plusSeconds(3659);
		assertThat(this.ring.current(beforeActivation)).isEqualTo(this.first);
		assertThat(kids(this.ring.published(beforeActivation, RETIRE))).containsExactly(this.first.kid(),
				this.second.kid());
		Instant activation = T0.plusSeconds(3660);
		assertThat(this.ring.current(activation)).isEqualTo(this.second);
	}

	@Test
	void replacedKeyStaysPublishedForTheRetirementWindowThenDropsOut() {
		Instant activation = T0.plusSeconds(3660);
		assertThat(kids(this.ring.published(activation, RETIRE))).containsExactly(this.second.kid(), this.first.kid());
		assertThat(kids(this.ring.published(activation.plus(RETIRE).minusMillis(1), RETIRE)))
			.containsExactly(this.second.kid(), this.first.kid());
		assertThat(kids(this.ring.published(activation.plus(RETIRE), RETIRE))).containsExactly(this.second.kid());
	}

	@Test
	void immediateRotationAfterAPendingOneSignsWithTheNewestAndRetiresBothOlderKeys() {
		// gen 2 waits to sign until T0+3660; gen 3 (rotate --now) signs from T0+3601.
		SigningKeyRing.Entry third = entry(3, T0.plusSeconds(3601), T0.plusSeconds(3601));
		SigningKeyRing withThird = new SigningKeyRing(List.of(this.first, this.second, third));
		Instant now = T0.plusSeconds(3700);
		assertThat(withThird.current(now)).isEqualTo(third);
		assertThat(kids(withThird.published(now, RETIRE))).containsExactly(third.kid(), this.second.kid(),
				this.first.kid());
		assertThat(kids(withThird.published(T0.plusSeconds(3601).plus(RETIRE), RETIRE))).containsExactly(third.kid());
	}

	@Test
	void clockBeforeEveryActivationStillSignsWithTheOldestKey() {
		SigningKeyRing future = new SigningKeyRing(List.of(entry(1, T0, T0)));
		assertThat(future.current(T0.minusSeconds(86_400)).generation()).isEqualTo(1);
	}

	private static List<String> kids(List<SigningKeyRing.Entry> entries) {
		return entries.stream().map(SigningKeyRing.Entry::kid).toList();
	}

	private static SigningKeyRing.Entry entry(int generation, Instant created, Instant activates) {
		ECKey key = SigningKeys.generate();
		return new SigningKeyRing.Entry(generation, key, created, activates);
	}

}
