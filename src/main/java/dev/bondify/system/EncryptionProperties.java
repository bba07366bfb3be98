package dev.bondify.system;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the key that encrypts secrets stored in the database comes from (see
 * {@code docs/security.md}).
 *
 * @param key {@code BONDIFY_ENCRYPTION_KEY}, at least 32 bytes; required with an external
 * PostgreSQL unless {@code keyFile} is set
 * @param keyFile {@code BONDIFY_ENCRYPTION_KEY_FILE}: a key file written by Bondify (32
 * random bytes, base64); unset means {@code BONDIFY_DATA_DIR/encryption.key} with the
 * embedded PostgreSQL (generated at first start, 0600) and none with an external one
 * @param previousKey {@code BONDIFY_ENCRYPTION_PREVIOUS_KEY}: during a rotation, the key
 * being retired, still accepted for decryption
 * @param previousKeys {@code BONDIFY_ENCRYPTION_PREVIOUS_KEYS}: more retired keys,
 * comma-separated
 */
@ConfigurationProperties("bondify.encryption")
record EncryptionProperties(String key, Path keyFile, String previousKey, List<String> previousKeys) {

	EncryptionProperties {
		previousKeys = (previousKeys != null) ? previousKeys.stream().filter(EncryptionProperties::isSet).toList()
				: List.of();
	}

	static EncryptionProperties of(String key, String previousKey) {
		return new EncryptionProperties(key, null, previousKey, List.of());
	}

	/** Every configured retired key. */
	List<String> retiredKeys() {
		return isSet(this.previousKey) ? java.util.stream.Stream
			.concat(java.util.stream.Stream.of(this.previousKey), this.previousKeys.stream())
			.toList() : this.previousKeys;
	}

	@Override
	public String toString() {
		return "EncryptionProperties[key=" + (isSet(this.key) ? "******" : "unset") + ", keyFile=" + this.keyFile
				+ ", previousKeys=" + retiredKeys().size() + "]";
	}

	static boolean isSet(String value) {
		return value != null && !value.isBlank();
	}

}
