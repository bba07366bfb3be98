package dev.bondify.operations;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.bondify.system.InvalidConfigurationException;

/**
 * Refuses to start an instance whose {@code BONDIFY_AUTH_SECRET} is not the one the other
 * instances on the same database use (set differently, or set on one and not on the
 * other), by a fingerprint stored in the database by the first instance.
 */
// The fingerprint is HMAC-SHA256 keyed with the secret over a fixed label. It tells no
// more about the secret than any developer token (an HMAC with the same key over a known
// payload) already does, and the secret is at least 32 bytes. Without a secret the
// instances share a key generated in the database, which the marker UNSET stands for.
@Component
class SharedSecretCheck implements InitializingBean {

	static final String NAME = "auth-secret-fingerprint";

	static final String ACCEPT = "BONDIFY_ACCEPT_NEW_AUTH_SECRET";

	private static final byte[] UNSET = "unset".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] LABEL = "bondify auth secret fingerprint v1".getBytes(StandardCharsets.US_ASCII);

	private static final Logger log = LoggerFactory.getLogger(SharedSecretCheck.class);

	private final JdbcTemplate jdbc;

	private final String secret;

	private final boolean acceptNew;

	SharedSecretCheck(Environment environment, JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.secret = environment.getProperty("bondify.auth.secret", "");
		this.acceptNew = environment.getProperty("bondify.auth.accept-new-secret", Boolean.class, false);
	}

	/** Runs before the web server starts: a refused instance never answers a request. */
	@Override
	public void afterPropertiesSet() {
		byte[] mine = fingerprint(this.secret);
		JdbcTemplate jdbc = this.jdbc;
		jdbc.update("insert into app_secrets (name, value, created_at) values (?, ?, now()) "
				+ "on conflict (name) do nothing", NAME, mine);
		List<byte[]> stored = jdbc.queryForList("select value from app_secrets where name = ?", byte[].class, NAME);
		if (stored.size() == 1 && MessageDigest.isEqual(stored.get(0), mine)) {
			return;
		}
		if (this.acceptNew) {
			jdbc.update("update app_secrets set value = ?, created_at = now() where name = ?", mine, NAME);
			log.warn("Accepted a new BONDIFY_AUTH_SECRET for every instance of this database: developer tokens "
					+ "issued before are no longer valid. Remove {} now.", ACCEPT);
			return;
		}
		boolean othersUseOne = !stored.isEmpty() && !MessageDigest.isEqual(stored.get(0), UNSET);
		if (mine == UNSET) {
			throw new InvalidConfigurationException("BONDIFY_AUTH_SECRET is not set on this instance, but the "
					+ "instances that share its database use one; set the same value here.");
		}
		if (!othersUseOne) {
			throw new InvalidConfigurationException("BONDIFY_AUTH_SECRET is set on this instance, but the instances "
					+ "that share its database run without one; set the same value on all of them, or, to start "
					+ "using it, stop them all and start one once with " + ACCEPT + "=true.");
		}
		throw new InvalidConfigurationException("BONDIFY_AUTH_SECRET differs from the one the instances that share "
				+ "this database use; set the same value on all of them, or, when changing it on purpose, stop "
				+ "them all and start one once with " + ACCEPT + "=true.");
	}

	static byte[] fingerprint(String secret) {
		if (secret == null || secret.isEmpty()) {
			return UNSET;
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(LABEL);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
