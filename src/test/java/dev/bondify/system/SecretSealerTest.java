package dev.bondify.system;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AES-GCM sealing of stored secrets: never the plain value, opened only by the key that
 * sealed it (or that key configured as the previous one during a rotation), tampering
 * detected, and derived secrets distinct per purpose and per key.
 */
class SecretSealerTest {

	private static final String KEY_A = "key-a-0123456789-0123456789-0123456789";

	private static final String KEY_B = "key-b-0123456789-0123456789-0123456789";

	private static final String TOKEN = "5123456789:AAHsecretTokenValue_x-1234567890";

	private static SecretSealer sealer(String key, String previous) {
		return new SecretSealer(new EncryptionKeys(EncryptionProperties.of(key, previous), null, null, false));
	}

	@Test
	void sealedValueIsNotThePlainOneAndOpensWithItsKey() {
		SecretSealer sealer = sealer(KEY_A, null);

		byte[] sealed = sealer.seal(TOKEN);

		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secretTokenValue");
		assertThat(sealer.open(sealed)).contains(TOKEN);
		assertThat(sealer.seal(TOKEN)).isNotEqualTo(sealed);
		assertThat(sealer.isCurrent(sealed)).isTrue();
	}

	@Test
	void aRotatedKeyStillOpensWhatThePreviousSealedAndOnlyThen() {
		byte[] underA = sealer(KEY_A, null).seal(TOKEN);

		SecretSealer rotating = sealer(KEY_B, KEY_A);

		assertThat(rotating.open(underA)).contains(TOKEN);
		assertThat(rotating.isCurrent(underA)).isFalse();
		assertThat(rotating.isCurrent(rotating.seal(TOKEN))).isTrue();
		assertThat(sealer(KEY_B, null).open(underA)).isEmpty();
	}

	@Test
	void tamperedOrTruncatedValuesDoNotOpen() {
		SecretSealer sealer = sealer(KEY_A, null);
		byte[] sealed = sealer.seal(TOKEN);
		sealed[sealed.length - 1] ^= 1;

		assertThat(sealer.open(sealed)).isEmpty();
		assertThat(sealer.open(new byte[10])).isEmpty();
		assertThat(sealer.open(null)).isEmpty();
	}

	@Test
	void derivedSecretsDifferPerPurposeAndKeyAndAreStable() {
		SecretSealer sealer = sealer(KEY_A, null);

		assertThat(sealer.derive("telegram-webhook:1")).isEqualTo(sealer(KEY_A, null).derive("telegram-webhook:1"))
			.isNotEqualTo(sealer.derive("telegram-webhook:2"))
			.isNotEqualTo(sealer(KEY_B, null).derive("telegram-webhook:1"))
			.matches("[A-Za-z0-9_-]{43}");
	}

	@Test
	void aShortKeyStopsStartUp() {
		assertThatThrownBy(() -> sealer("too-short", null)).isInstanceOf(InvalidConfigurationException.class)
			.hasMessageContaining("BONDIFY_ENCRYPTION_KEY");
	}

}
