package dev.bondify.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Finds the AES-256 keys of {@link SecretSealer}, the current one first: never in the
 * database it protects. {@code BONDIFY_ENCRYPTION_KEY} when set; otherwise a key file
 * ({@code BONDIFY_ENCRYPTION_KEY_FILE}, by default
 * {@code BONDIFY_DATA_DIR/encryption.key} with the embedded PostgreSQL, generated at
 * first start). A key an earlier release kept in {@code app_secrets} is moved out to that
 * file (embedded), or still used with a warning (external, until rotated away); with an
 * external PostgreSQL and no key at all, start-up stops.
 */
@Component
class EncryptionKeys {

	private static final Logger log = LoggerFactory.getLogger(EncryptionKeys.class);

	/** The {@code app_secrets} row where releases before 0.9 kept a generated key. */
	static final String LEGACY_ROW = "encryption-key";

	static final String KEY_FILE = "encryption.key";

	private static final int MIN_SECRET_BYTES = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final EncryptionProperties properties;

	private final JdbcTemplate jdbc;

	private final Path keyFile;

	private final boolean embedded;

	private volatile boolean legacyCurrent;

	@Autowired
	EncryptionKeys(EncryptionProperties properties, JdbcTemplate jdbc, @Value("${bondify.data-dir}") Path dataDir,
			@Value("${spring.datasource.url:}") String datasourceUrl) {
		this(properties, jdbc,
				(properties.keyFile() != null) ? properties.keyFile()
						: !StringUtils.hasText(datasourceUrl) ? dataDir.resolve(KEY_FILE) : null,
				!StringUtils.hasText(datasourceUrl));
	}

	EncryptionKeys(EncryptionProperties properties, JdbcTemplate jdbc, Path keyFile, boolean embedded) {
		this.properties = properties;
		this.jdbc = jdbc;
		this.keyFile = (keyFile != null) ? keyFile.toAbsolutePath().normalize() : null;
		this.embedded = embedded;
		List<String> configured = new ArrayList<>(properties.retiredKeys());
		if (EncryptionProperties.isSet(properties.key())) {
			configured.add(properties.key());
		}
		for (String value : configured) {
			if (value.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
				throw new InvalidConfigurationException(
						"BONDIFY_ENCRYPTION_KEY and BONDIFY_ENCRYPTION_PREVIOUS_KEY(S)" + " must be at least "
								+ MIN_SECRET_BYTES + " bytes long (e.g. the output of `openssl rand -base64 48`).");
			}
		}
	}

	/** The raw 32-byte keys, the current one first, then every retired one known. */
	List<byte[]> load() {
		List<byte[]> keys = new ArrayList<>(4);
		byte[] legacy = legacyKey();
		if (EncryptionProperties.isSet(this.properties.key())) {
			keys.add(sha256(this.properties.key()));
			if (this.keyFile != null && Files.isRegularFile(this.keyFile)) {
				keys.add(readKeyFile());
			}
			addIfNew(keys, legacy);
		}
		else if (this.keyFile != null) {
			keys.add(currentFromFile(legacy));
			addIfNew(keys, legacy);
		}
		else if (legacy != null) {
			log.warn("BONDIFY_ENCRYPTION_KEY is not set, so the key that encrypts bot tokens, phone numbers and webhook"
					+ " payloads is still read from the database it protects; set BONDIFY_ENCRYPTION_KEY and run"
					+ " `encryption rotate` (docs/security.md).");
			keys.add(legacy);
			this.legacyCurrent = true;
		}
		else {
			throw new InvalidConfigurationException("With an external PostgreSQL, set BONDIFY_ENCRYPTION_KEY (at least"
					+ " 32 bytes, e.g. `openssl rand -base64 48`, the same on every instance) or BONDIFY_ENCRYPTION_KEY_FILE:"
					+ " the key that encrypts bot tokens, phone numbers and webhook payloads is never kept in the database"
					+ (sealedSecretsExist() ? ", and it must be the key that encrypted the secrets already stored."
							: "."));
		}
		for (String retired : this.properties.retiredKeys()) {
			addIfNew(keys, sha256(retired));
		}
		return List.copyOf(keys);
	}

	/** Whether the earlier release's key is still in {@code app_secrets}. */
	boolean legacyKeyStored() {
		return legacyKey() != null;
	}

	/**
	 * Deletes the earlier release's key from {@code app_secrets} unless it is still the
	 * current key; true when a row went.
	 */
	boolean forgetLegacyKey() {
		return this.jdbc != null && !this.legacyCurrent
				&& this.jdbc.update("delete from app_secrets where name = ?", LEGACY_ROW) > 0;
	}

	/**
	 * The key file's key, created on first start; an earlier release's key moves from
	 * {@code app_secrets} into it (written and forced to disk before the row goes).
	 */
	private byte[] currentFromFile(byte[] legacy) {
		if (!Files.isRegularFile(this.keyFile)) {
			if (legacy == null && sealedSecretsExist()) {
				throw new InvalidConfigurationException("Secrets are stored encrypted but the key file " + this.keyFile
						+ " is missing: restore it from your backup, or set BONDIFY_ENCRYPTION_KEY to the key that"
						+ " encrypted them.");
			}
			byte[] key = (legacy != null) ? legacy : random32();
			try {
				SecureFiles.createAtomically(this.keyFile,
						(Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not write the encryption key file " + this.keyFile, ex);
			}
			log.info(
					(legacy != null) ? "Moved the encryption key out of the database into {}"
							: "Generated the encryption key into {} (back it up apart from the database)",
					this.keyFile);
		}
		byte[] key = readKeyFile();
		if (legacy != null && Arrays.equals(key, legacy)) {
			this.jdbc.update("delete from app_secrets where name = ?", LEGACY_ROW);
		}
		return key;
	}

	private byte[] readKeyFile() {
		try {
			SecureFiles.restrictToOwner(this.keyFile);
			byte[] key = Base64.getDecoder().decode(Files.readString(this.keyFile, StandardCharsets.US_ASCII).trim());
			if (key.length != 32) {
				throw new IllegalArgumentException("not 32 bytes");
			}
			return key;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the encryption key file " + this.keyFile, ex);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationException(
					"The encryption key file " + this.keyFile + " is damaged: restore it from your backup.");
		}
	}

	private byte[] legacyKey() {
		if (this.jdbc == null) {
			return null;
		}
		List<byte[]> rows = this.jdbc.query("select value from app_secrets where name = ?", (rs, row) -> rs.getBytes(1),
				LEGACY_ROW);
		return rows.isEmpty() ? null : rows.get(0);
	}

	private boolean sealedSecretsExist() {
		if (this.jdbc == null) {
			return false;
		}
		Boolean exists = this.jdbc.queryForObject(
				"select exists (select 1 from projects where bot_token_sealed is not null or secret_key like 'sx1:%')"
						+ " or exists (select 1 from app_secrets where name like '%-sealed')",
				Boolean.class);
		return Boolean.TRUE.equals(exists);
	}

	private static void addIfNew(List<byte[]> keys, byte[] key) {
		if (key != null && keys.stream().noneMatch(known -> Arrays.equals(known, key))) {
			keys.add(key);
		}
	}

	private static byte[] random32() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return key;
	}

	static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
