package dev.bondify.project;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bondify.system.ApiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Project names are one line of printable text: refused at the door, neutralised when a
 * stored one breaks the rule.
 */
class ProjectNamesTest {

	@ParameterizedTest
	@ValueSource(
			strings = { "My App", "Магазин", "Café 24/7 — «beta»", "👨‍👩‍👧 Family", "ای‌میل", "A", "東京\u00A0Shop" })
	void printableOneLineNamesAreAccepted(String name) {
		assertThat(ProjectSettings.name(name)).isEqualTo(name);
		assertThat(ProjectNames.display(name)).isEqualTo(name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Shop\nFrom: Telegram Security", "Shop\r\nIP address: 1.2.3.4", "Shop\tTab", "Shop\u0000",
			"Shop\u007F", "Shop\u0085Next line", "Shop\u2028Line", "Shop\u2029Para", "Shop \u202Eevil",
			"\u2066Isolated\u2069", "Zero\u200Bwidth", "BOM\uFEFF", "Lone \uD800 surrogate", "Tag\uDB40\uDC41",
			"Unassigned \uFFFF" })
	void namesWithLineBreaksControlOrFormatCharactersAreRefused(String name) {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> ProjectSettings.name(name))
			.withMessageContaining("one line of printable text");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   " })
	void blankNamesAreRefused(String name) {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> ProjectSettings.name(name));
	}

	@ParameterizedTest
	@ValueSource(ints = { 100, 101 })
	void namesAreBoundedInCodePoints(int length) {
		String name = "😀".repeat(length);
		if (length <= ProjectNames.MAX_LENGTH) {
			assertThat(ProjectSettings.name(name)).isEqualTo(name);
		}
		else {
			assertThatExceptionOfType(ApiException.class).isThrownBy(() -> ProjectSettings.name(name));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "Shop\nFrom: Telegram\nIP address: 1.2.3.4", "Shop\r\n\r\nFrom: x", "Shop\u2028From: x",
			"Shop\u0085From: x" })
	void displayKeepsAStoredNameWithLineBreaksOnOneLine(String stored) {
		String shown = ProjectNames.display(stored);
		assertThat(shown).doesNotContain("\n", "\r", "\u2028", "\u0085").doesNotContain("  ").startsWith("Shop ");
		assertThat(ProjectNames.isValid(shown)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Shop \u202Eevil", "Zero\u200Bwidth", "\u2066Isolated\u2069", "Shop\u0000" })
	void displayRemovesInvisibleFormattingAndControls(String stored) {
		String shown = ProjectNames.display(stored);
		assertThat(shown.codePoints().allMatch(ProjectNames::printable)).isTrue();
		assertThat(ProjectNames.isValid(shown)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "\n\n", "\u202E", "" })
	void displayNeverShowsAnEmptyName(String stored) {
		assertThat(ProjectNames.display(stored)).isEqualTo("\uFFFD");
		assertThat(ProjectNames.display(null)).isEqualTo("\uFFFD");
	}

	@ParameterizedTest
	@ValueSource(ints = { 101, 5000 })
	void displayCutsAnOverlongStoredName(int length) {
		String shown = ProjectNames.display("x".repeat(length));
		assertThat(shown.codePointCount(0, shown.length())).isEqualTo(ProjectNames.MAX_LENGTH);
		assertThat(shown).endsWith("…");
		assertThat(ProjectNames.isValid(shown)).isTrue();
	}

}
