package dev.bondify.developer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The password rule on its own: what is refused, with which sentence, and that good
 * passphrases pass.
 */
class PasswordPolicyTest {

	private static final PasswordPolicy policy = new PasswordPolicy();

	@ParameterizedTest
	@ValueSource(strings = { "          ", "\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0",
			"\t\t\t\t\t\t\t\t\t\t", "\u2003\u2003\u2003\u2003\u2003\u200b\u200b\u200b\u200b\u200b", "aaaaaaaaaa",
			"ÿÿÿÿÿÿÿÿÿÿÿÿ", "qwertyuiop", "asdfghjkl;", "1234567890", "password123", "Password1!", "iloveyou12",
			"trustno1trustno1", "abcdefghijk", "long enough password", "benchmark-password" })
	void weakPasswordsAreRefusedWithAdvice(String password) {
		assertThatThrownBy(() -> policy.check(password)).isInstanceOfSatisfying(ApiException.class, (ex) -> {
			assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
			assertThat(ex.getMessage()).startsWith("password ").endsWith(PasswordPolicy.HOW_TO_CHOOSE);
		});
	}

	@Test
	void blankAndRepeatedPasswordsSaySo() {
		assertThatThrownBy(() -> policy.check("\u00a0".repeat(10))).hasMessageContaining("only spaces");
		assertThatThrownBy(() -> policy.check("z".repeat(12))).hasMessageContaining("one character repeated");
		assertThatThrownBy(() -> policy.check("password123")).hasMessageContaining("too easy to guess. This is");
	}

	@Test
	void lengthIsCountedInCharactersAndCappedAtBcryptsBytes() {
		assertThatThrownBy(() -> policy.check("Zq8#Lm2!v")).hasMessageContaining("at least 10 characters");
		// 24 three-byte characters: 24 characters, 72 bytes, the most bcrypt reads.
		assertThatCode(() -> policy.check("雪山飛狐笑傲江湖鹿鼎記天龍八部射鵰英雄傳碧血劍白")).doesNotThrowAnyException();
		assertThatThrownBy(() -> policy.check("雪山飛狐笑傲江湖鹿鼎記天龍八部射鵰英雄傳碧血劍白馬")).hasMessageContaining("at most 72 bytes");
	}

	@ParameterizedTest
	@ValueSource(strings = { "correct horse battery", "closed door seven kites", "zx8#Lq2!vB",
			"tangerine viaduct morsel quilt" })
	void strongPasswordsPass(String password) {
		assertThatCode(() -> policy.check(password)).doesNotThrowAnyException();
	}

}
