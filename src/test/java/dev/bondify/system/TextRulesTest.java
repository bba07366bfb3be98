package dev.bondify.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a string from outside may contain.
 */
class TextRulesTest {

	@Test
	void printableTextInAnyScriptWithTabsAndLineBreaksIsAcceptable() {
		for (String text : new String[] { "", "Alex Johnson", "Алексей", "漢字", "😀 emoji", "tab\there",
				"line\nbreak\r\n", "' OR 1=1 --", "<script>", "\u00a0nbsp", "\ufeffbom", null }) {
			assertThat(TextRules.isAcceptable(text)).as(String.valueOf(text)).isTrue();
		}
	}

	@Test
	void controlCharactersAndUnpairedSurrogatesAreNot() {
		for (String text : new String[] { "\u0000", "a\u0000b", "\u0001", "\u001b[31m", "\u000b", "\u000c", "\u007f",
				"\u0080", "\u0085", "\u009f", "\ud800", "x\udfff", "\udc00\ud800", "😀\ud83d" }) {
			assertThat(TextRules.isAcceptable(text)).as(FuzzHttp.escape(text)).isFalse();
		}
	}

	@Test
	void requireAnswersInvalidRequest() {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> TextRules.require("a\u0000"))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
		TextRules.require("fine");
	}

}
