package dev.bondify.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bondify.system.RandomTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Link codes: format and size (Telegram's start parameter and callback data), the hostile
 * values that must never count as one, and the sealed session token.
 */
class LinkCodesTest {

	@Test
	void codeCarries128RandomBitsInTelegramsStartParameterAlphabet() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			String code = LinkCodes.newCode();
			assertThat(code).matches("[A-Za-z0-9_-]{22}");
			assertThat(Base64.getUrlDecoder().decode(code)).hasSize(16);
			assertThat(LinkCodes.isWellFormed(code)).isTrue();
			assertThat(("c:" + code).getBytes()).hasSizeLessThanOrEqualTo(64);
			seen.add(code);
		}
		assertThat(seen).hasSize(1000);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "short", "sess_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
			"AAAAAAAAAAAAAAAAAAAAA\u0000", "AAAAAAAAAAAAAAAAAAAAA'", "AAAAAAAAAAAAAAAAAAAAA=", "AAAAAAAAAAAAAAAAAAAAAÄ",
			"AAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAA%00", " AAAAAAAAAAAAAAAAAAAAA" })
	void hostileOrForeignValuesAreNoCode(String value) {
		assertThat(LinkCodes.isWellFormed(value)).isFalse();
	}

	@Test
	void nullIsNoCode() {
		assertThat(LinkCodes.isWellFormed(null)).isFalse();
	}

	@Test
	void sealedTokenOpensOnlyWithItsCodeAndHoldsNeitherInClear() {
		String token = "sess_" + "t".repeat(43);
		String code = LinkCodes.newCode();

		byte[] sealed = LinkCodes.seal(token, code);

		assertThat(LinkCodes.open(sealed, code)).contains(token);
		assertThat(LinkCodes.open(sealed, LinkCodes.newCode())).isEmpty();
		assertThat(LinkCodes.open(new byte[5], code)).isEmpty();
		assertThat(LinkCodes.open(null, code)).isEmpty();
		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("tttt").doesNotContain(code);
		assertThat(LinkCodes.hash(code)).isNotEqualTo(LinkCodes.hash(LinkCodes.newCode())).hasSize(32);
	}

	@Test
	void aSessionTokenIsSealedInThirtyThreeBytesAndOpensOnlyWithItsCodeAndHash() {
		String token = RandomTokens.base64Url256(SessionService.TOKEN_PREFIX);
		byte[] hash = RandomTokens.sha256(token);
		String code = LinkCodes.newCode();

		byte[] sealed = LinkCodes.seal(token, code);

		assertThat(sealed).hasSize(33);
		assertThat(sealed[0]).isEqualTo((byte) 2);
		assertThat(LinkCodes.openToken(sealed, code, hash)).contains(token);
		assertThat(LinkCodes.openToken(sealed, LinkCodes.newCode(), hash)).isEmpty();
		assertThat(LinkCodes.openToken(sealed, code, RandomTokens.sha256(token + "x"))).isEmpty();
		assertThat(LinkCodes.openToken(sealed, code, null)).isEmpty();
		byte[] altered = sealed.clone();
		altered[17] ^= 1;
		assertThat(LinkCodes.openToken(altered, code, hash)).isEmpty();
		assertThat(LinkCodes.openToken(null, code, hash)).isEmpty();
		assertThat(LinkCodes.openToken(new byte[33], code, hash)).isEmpty();
		// Neither the token's bits nor the code, nor the stored hash of the code, in
		// clear.
		byte[] bits = Base64.getUrlDecoder().decode(token.substring(5));
		assertThat(java.util.Arrays.copyOfRange(sealed, 1, 33)).isNotEqualTo(bits).isNotEqualTo(LinkCodes.hash(code));
		// Two codes never give the same pad: the same token seals differently.
		assertThat(LinkCodes.seal(token, LinkCodes.newCode())).isNotEqualTo(sealed);
	}

	@Test
	void tokensSealedWithAesGcmBeforeStillOpenWithTheirHash() {
		String token = RandomTokens.base64Url256(SessionService.TOKEN_PREFIX);
		String code = LinkCodes.newCode();
		byte[] gcm = LinkCodes.sealUnderReusedCode(token, code);

		assertThat(LinkCodes.openToken(gcm, code, RandomTokens.sha256(token))).contains(token);
		assertThat(LinkCodes.openToken(gcm, code, RandomTokens.sha256("other"))).isEmpty();
		// A value that is no canonical session token keeps the AES-GCM form.
		String odd = "sess_" + "t".repeat(43);
		byte[] sealedOdd = LinkCodes.seal(odd, code);
		assertThat(sealedOdd).hasSize(12 + 48 + 16);
		assertThat(LinkCodes.openToken(sealedOdd, code, RandomTokens.sha256(odd))).contains(odd);
	}

	@Test
	void tokensSealedWithARandomNonceBeforeStillOpen() throws Exception {
		String token = "sess_" + "u".repeat(43);
		String code = LinkCodes.newCode();
		byte[] nonce = new byte[12];
		new SecureRandom().nextBytes(nonce);
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(Cipher.ENCRYPT_MODE,
				new SecretKeySpec(RandomTokens.sha256("bondify-link-code-seal-v1:" + code), "AES"),
				new GCMParameterSpec(128, nonce));
		byte[] body = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
		byte[] stored = ByteBuffer.allocate(12 + body.length).put(nonce).put(body).array();

		assertThat(LinkCodes.open(stored, code)).contains(token);
		// Each code's key seals one token: two sessions never share a key, so their
		// sealed forms differ even for the same token.
		assertThat(LinkCodes.seal(token, LinkCodes.newCode())).isNotEqualTo(LinkCodes.seal(token, code));
	}

	@Test
	void valuesSealedUnderAReusedUserCodeNeverShareANonce() {
		// A user code is taken again once its session expired: a fixed nonce would repeat
		// a (key, nonce) pair and give away both values' XOR and GCM's authentication
		// key.
		String userCode = "BCDFGHJK";
		byte[] first = LinkCodes.sealUnderReusedCode("first link code", userCode);
		byte[] second = LinkCodes.sealUnderReusedCode("other link code", userCode);
		assertThat(java.util.Arrays.copyOf(first, 12)).isNotEqualTo(java.util.Arrays.copyOf(second, 12));
		assertThat(LinkCodes.open(first, userCode)).contains("first link code");
		assertThat(LinkCodes.open(second, userCode)).contains("other link code");
		assertThat(LinkCodes.open(second, "BCDFGHJL")).isEmpty();
	}

}
