package dev.bondify.signing;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.bondify.system.ChangeNotifications;
import dev.bondify.system.SecretSealer;

/**
 * The EC P-256 signing keys every instance shares: generated at first start, stored
 * sealed with {@link SecretSealer}, held in memory and reloaded whenever any instance (or
 * the operator command) changes them, announced through {@link ChangeNotifications}.
 * Rotation publishes a new key at once; it signs after the activation delay, and the key
 * it replaces stays published for the retirement window. See
 * {@code docs/signing-keys.md}.
 */
@Component
public class SigningKeys implements ChangeNotifications.Subscriber {

	static final String CHANGE = "k";

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	/** How long a loaded ring is trusted while change notifications are not received. */
	private static final long UNNOTIFIED_MAX_AGE_NANOS = 1_000_000_000L;

	private final SigningKeyStore store;

	private final SecretSealer sealer;

	private final ChangeNotifications notifications;

	private final Clock clock;

	private final SigningProperties properties;

	private final Set<String> reportedUnreadable = ConcurrentHashMap.newKeySet();

	/** Moves on every announced key change and on every loss of notifications. */
	private final AtomicLong changes = new AtomicLong();

	private volatile Loaded loaded;

	SigningKeys(SigningKeyStore store, SecretSealer sealer, ChangeNotifications notifications, Clock clock,
			SigningProperties properties) {
		this.store = store;
		this.sealer = sealer;
		this.notifications = notifications;
		this.clock = clock;
		this.properties = properties;
		notifications.subscribe(this);
	}

	/** A ring as loaded, with when and under which notification generation. */
	private record Loaded(SigningKeyRing ring, long generation, long nanos) {
	}

	/** A rotation's outcome: the new key and when it signs, or empty when another won. */
	public record Rotation(String kid, Instant activatesAt) {
	}

	/**
	 * The key that signs now: with its private part, {@code kid}, {@code use=sig}, ES256.
	 */
	public ECKey current() {
		return ring().current(this.clock.instant()).jwk();
	}

	/**
	 * The public keys a verifier may meet now: the current key first, then keys waiting
	 * to sign, then retired keys still published.
	 */
	public JWKSet publishedKeys() {
		return new JWKSet(published().stream().map(ECKey::toPublicJWK).map(JWK.class::cast).toList());
	}

	/**
	 * A published key by its {@code kid}, public part only; empty once it dropped out.
	 */
	public Optional<ECKey> publishedKey(String kid) {
		return published().stream().filter(key -> key.getKeyID().equals(kid)).map(ECKey::toPublicJWK).findFirst();
	}

	/**
	 * Every published key, the current one with its private part (the others public), for
	 * the {@code JWKSource}.
	 */
	List<ECKey> published() {
		Instant now = this.clock.instant();
		SigningKeyRing ring = ring();
		return ring.published(now, this.properties.retireAfter()).stream().map(SigningKeyRing.Entry::jwk).toList();
	}

	/**
	 * Stores a new key, published at once, signing after the activation delay (or at once
	 * with {@code immediately}, e.g. when the current key may be compromised).
	 * @return the new key, or empty when a concurrent rotation stored its key first
	 */
	public Optional<Rotation> rotate(boolean immediately) {
		Instant now = this.clock.instant();
		ring();
		ECKey key = generate();
		Instant activatesAt = immediately ? now : now.plus(this.properties.activationDelay());
		if (!this.store.insertNext(key.getKeyID(), this.sealer.seal(key.toJSONString()), now, activatesAt)) {
			return Optional.empty();
		}
		changedHere();
		log.info("Signing key {} created; published now, signs from {}", key.getKeyID(), activatesAt);
		this.store.deleteRetired(now.minus(this.properties.retireAfter()));
		return Optional.of(new Rotation(key.getKeyID(), activatesAt));
	}

	/**
	 * Makes sure a key exists as soon as the application is up (first start). A key that
	 * cannot be opened is reported here in one line and stops only what needs it (OIDC
	 * tokens, ES256 proofs), not the whole service.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void ensureKey() {
		try {
			ring();
		}
		catch (IllegalStateException ex) {
			log.error(ex.getMessage());
		}
	}

	/**
	 * The scheduled rotation (when {@code BONDIFY_SIGNING_ROTATE_EVERY} is set) and the
	 * deletion of keys past their retirement window; every instance runs it, the
	 * conditional statements make it happen once.
	 */
	@Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
	void maintain() {
		Instant now = this.clock.instant();
		if (this.properties.rotateEvery() != null) {
			ECKey key = generate();
			Instant activatesAt = now.plus(this.properties.activationDelay());
			if (this.store.insertNextIfOlder(key.getKeyID(), this.sealer.seal(key.toJSONString()), now, activatesAt,
					now.minus(this.properties.rotateEvery()))) {
				changedHere();
				log.info("Signing key {} created by the scheduled rotation; signs from {}", key.getKeyID(),
						activatesAt);
			}
		}
		if (this.store.deleteRetired(now.minus(this.properties.retireAfter())) > 0) {
			changedHere();
		}
	}

	/** The stored keys as the operator command lists them. */
	List<SigningKeyRing.Entry> stored() {
		return load().keys();
	}

	SigningProperties properties() {
		return this.properties;
	}

	private SigningKeyRing ring() {
		Loaded current = this.loaded;
		if (current != null && current.generation() == this.changes.get() && (this.notifications.isListening()
				|| System.nanoTime() - current.nanos() < UNNOTIFIED_MAX_AGE_NANOS)) {
			return current.ring();
		}
		long seen = this.changes.get();
		SigningKeyRing ring = load();
		if (ring.isEmpty()) {
			ECKey key = generate();
			if (this.store.insertFirst(key.getKeyID(), this.sealer.seal(key.toJSONString()), this.clock.instant())) {
				log.info("Signing key {} created (first start)", key.getKeyID());
				changedHere();
			}
			ring = load();
			if (ring.isEmpty()) {
				throw new IllegalStateException("No signing key can be opened with the configured encryption key:"
						+ " set the BONDIFY_ENCRYPTION_KEY the keys were sealed with, or run `signing rotate --now`.");
			}
		}
		// Tagged with the change count read before loading: a change announced meanwhile
		// makes the next call load again.
		this.loaded = new Loaded(ring, seen, System.nanoTime());
		return ring;
	}

	private SigningKeyRing load() {
		List<SigningKeyRing.Entry> entries = new ArrayList<>();
		for (SigningKeyStore.Row row : this.store.findAll()) {
			open(row).ifPresent(jwk -> entries
				.add(new SigningKeyRing.Entry(row.generation(), jwk, row.createdAt(), row.activatesAt())));
		}
		return new SigningKeyRing(entries);
	}

	/**
	 * The stored key, if it opens, is an EC P-256 private key and matches its {@code kid}
	 * (its RFC 7638 thumbprint), so a row cannot pass off another key under a known id. A
	 * key sealed under the previous encryption key is re-sealed under the current one.
	 */
	private Optional<ECKey> open(SigningKeyStore.Row row) {
		Optional<String> json = this.sealer.open(row.sealed());
		try {
			if (json.isPresent()) {
				ECKey key = ECKey.parse(json.get());
				if (Curve.P_256.equals(key.getCurve()) && key.isPrivate() && row.kid().equals(key.getKeyID())
						&& row.kid().equals(key.computeThumbprint().toString())) {
					if (!this.sealer.isCurrent(row.sealed())) {
						this.store.reseal(row.kid(), row.sealed(), this.sealer.seal(json.get()));
					}
					return Optional.of(key);
				}
			}
		}
		catch (ParseException | JOSEException ex) {
			// Reported below without the value.
		}
		if (this.reportedUnreadable.add(row.kid())) {
			log.error("Signing key {} cannot be opened with the configured encryption key or is not a valid EC P-256"
					+ " key; it is neither used nor published", row.kid());
		}
		return Optional.empty();
	}

	private void changedHere() {
		this.notifications.changedHere(CHANGE);
	}

	@Override
	public void changed(String payload) {
		if (CHANGE.equals(payload)) {
			this.changes.incrementAndGet();
		}
	}

	@Override
	public void reset() {
		this.changes.incrementAndGet();
	}

	static ECKey generate() {
		try {
			return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.keyIDFromThumbprint(true)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("EC P-256 key generation is not available", ex);
		}
	}

}
