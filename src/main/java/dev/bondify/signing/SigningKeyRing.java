package dev.bondify.signing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.nimbusds.jose.jwk.ECKey;

/**
 * The usable signing keys at one moment, oldest generation first, and the one rule of
 * which key signs and which are published at a given time: the newest active key signs; a
 * key stays published from its creation until {@code retireAfter} past the moment a newer
 * key became active.
 *
 * @param keys the keys by ascending generation
 */
record SigningKeyRing(List<Entry> keys) {

	SigningKeyRing {
		keys = keys.stream().sorted(Comparator.comparingInt(Entry::generation)).toList();
	}

	/** One stored key, opened. */
	record Entry(int generation, ECKey jwk, Instant createdAt, Instant activatesAt) {

		String kid() {
			return this.jwk.getKeyID();
		}

	}

	boolean isEmpty() {
		return this.keys.isEmpty();
	}

	/**
	 * The key that signs at {@code now}: the newest key already active, or the oldest
	 * when none is yet (a clock set back before every activation still signs).
	 */
	Entry current(Instant now) {
		Entry current = null;
		for (Entry entry : this.keys) {
			if (!entry.activatesAt().isAfter(now)) {
				current = entry;
			}
		}
		return (current != null) ? current : this.keys.get(0);
	}

	/**
	 * The keys a verifier may meet at {@code now}: the current key first, then the newer
	 * ones waiting to sign (newest last), then the replaced ones still inside their
	 * retirement window (most recently replaced first).
	 */
	List<Entry> published(Instant now, Duration retireAfter) {
		Entry current = current(now);
		List<Entry> published = new ArrayList<>();
		published.add(current);
		for (Entry entry : this.keys) {
			if (entry.generation() > current.generation()) {
				published.add(entry);
			}
		}
		for (Entry entry : this.keys.reversed()) {
			if (entry.generation() < current.generation()) {
				Instant retiredAt = retiredAt(entry);
				if (retiredAt == null || now.isBefore(retiredAt.plus(retireAfter))) {
					published.add(entry);
				}
			}
		}
		return published;
	}

	/**
	 * When {@code entry} stopped signing: the earliest activation among newer keys, or
	 * null while none has a newer key.
	 */
	private Instant retiredAt(Entry entry) {
		Instant retiredAt = null;
		for (Entry newer : this.keys) {
			if (newer.generation() > entry.generation()
					&& (retiredAt == null || newer.activatesAt().isBefore(retiredAt))) {
				retiredAt = newer.activatesAt();
			}
		}
		return retiredAt;
	}

}
