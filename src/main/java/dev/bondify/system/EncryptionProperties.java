package dev.bondify.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key that encrypts secrets stored in the database (a project's own bot token).
 *
 * @param key {@code BONDIFY_ENCRYPTION_KEY}, at least 32 bytes; empty means 32 random
 * bytes generated once and kept in {@code app_secrets}
 * @param previousKey {@code BONDIFY_ENCRYPTION_PREVIOUS_KEY}: during a rotation, the key
 * being retired, still accepted for decryption
 */
@ConfigurationProperties("bondify.encryption")
record EncryptionProperties(String key, String previousKey) {

	@Override
	public String toString() {
		return "EncryptionProperties[key=" + (isSet(this.key) ? "******" : "<generated>") + ", previousKey="
				+ (isSet(this.previousKey) ? "******" : "unset") + "]";
	}

	static boolean isSet(String value) {
		return value != null && !value.isEmpty();
	}

}
