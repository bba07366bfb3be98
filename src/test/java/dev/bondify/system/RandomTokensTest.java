package dev.bondify.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens come from a 256-bit DRBG, random UUIDs are well-formed version 4, and the cloned
 * SHA-256 digest hashes as a fresh one does.
 */
class RandomTokensTest {

	@Test
	void tokensComeFromA256BitHashDrbg() {
		String parameters = RandomTokens.drbg().getParameters().toString();
		assertThat(RandomTokens.drbg().getAlgorithm()).isEqualTo("DRBG");
		assertThat(parameters).contains("256").contains("reseed_only");
	}

	@Test
	void theGeneratorIsReseededOnceAMinute() {
		long now = System.nanoTime();
		RandomTokens.reseedIfDue(now + RandomTokens.RESEED_NANOS);
		assertThat(RandomTokens.reseedIfDue(now + RandomTokens.RESEED_NANOS + 1)).as("just reseeded").isFalse();
		assertThat(RandomTokens.reseedIfDue(now + 2 * RandomTokens.RESEED_NANOS - 1)).as("not yet a minute").isFalse();
		assertThat(RandomTokens.reseedIfDue(now + 2 * RandomTokens.RESEED_NANOS + 1)).as("a minute on").isTrue();
		assertThat(RandomTokens.base64Url256("t_")).hasSize(45);
	}

	@Test
	void tokensAreDistinctAndCarry256Bits() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			String token = RandomTokens.base64Url256("sess_");
			assertThat(token).matches("sess_[A-Za-z0-9_-]{43}");
			assertThat(seen.add(token)).isTrue();
		}
	}

	@Test
	void uuidsAreRandomVersion4AndDistinct() {
		Set<UUID> seen = new HashSet<>();
		int[] bitsSet = new int[128];
		int n = 4_000;
		for (int i = 0; i < n; i++) {
			UUID uuid = RandomTokens.uuid();
			assertThat(uuid.version()).isEqualTo(4);
			assertThat(uuid.variant()).isEqualTo(2);
			assertThat(UUID.fromString(uuid.toString())).isEqualTo(uuid);
			assertThat(seen.add(uuid)).isTrue();
			for (int bit = 0; bit < 64; bit++) {
				bitsSet[bit] += (int) ((uuid.getMostSignificantBits() >>> bit) & 1);
				bitsSet[64 + bit] += (int) ((uuid.getLeastSignificantBits() >>> bit) & 1);
			}
		}
		// Every bit but the six fixed ones is set about half the time (a bit stuck at 0
		// or 1, e.g. a byte never filled, would be at 0 or n).
		Set<Integer> fixed = Set.of(12, 13, 14, 15, 64 + 62, 64 + 63);
		for (int bit = 0; bit < 128; bit++) {
			if (!fixed.contains(bit)) {
				assertThat(bitsSet[bit]).as("bit " + bit).isBetween(n / 2 - 300, n / 2 + 300);
			}
		}
	}

	@Test
	void clonedDigestHashesAsAFreshOne() throws Exception {
		for (String value : new String[] { "", "sess_abc", "проект😀", "x".repeat(10_000) }) {
			byte[] expected = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			assertThat(RandomTokens.sha256(value)).isEqualTo(expected);
			// A second call is not affected by the first (each gets its own copy).
			assertThat(RandomTokens.sha256(value)).isEqualTo(expected);
		}
		MessageDigest one = RandomTokens.sha256();
		one.update((byte) 1);
		assertThat(RandomTokens.sha256()).isNotSameAs(one);
		assertThat(RandomTokens.sha256().digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest());
	}

}
