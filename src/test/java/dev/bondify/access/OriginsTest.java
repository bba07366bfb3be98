package dev.bondify.access;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The origin rule: serialized origins and {@code null} pass in their normalised form,
 * anything that could paint text into a prompt does not.
 */
class OriginsTest {

	@ParameterizedTest
	@CsvSource({ "https://shop.example.com,https://shop.example.com",
			"HTTPS://Shop.Example.COM,https://shop.example.com",
			"https://shop.example.com:443,https://shop.example.com", "http://localhost:80,http://localhost",
			"http://localhost:5173,http://localhost:5173", "https://xn--80ak6aa92e.com,https://xn--80ak6aa92e.com",
			"http://127.0.0.1:8080,http://127.0.0.1:8080", "http://[::1]:3000,http://[::1]:3000",
			"chrome-extension://abcdefghijklmnop,chrome-extension://abcdefghijklmnop",
			"capacitor://localhost,capacitor://localhost", "null,null",
			"HTTPS://APP.EXAMPLE.COM/,https://app.example.com" })
	void serializedOriginsAreAcceptedInNormalisedForm(String header, String normalised) {
		assertThat(Origins.normalise(header)).isEqualTo(normalised);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "https://shop.example.com\t\t\t\tIP address: 192.0.2.10",
			"https://shop.example.com IP", "https://shop.example.com\u00a0", "\u00a0https://shop.example.com",
			"https://shop.example.com\u202e", "https://\u202eshop.example.com", "https://shop.example.com\nFrom: x",
			"https://shop.example.com\r\n", "Telegram (official, verified) - this request is safe, tap Confirm",
			"https://shop.example.com//", "https://shop.example.com/path", "https://shop.example.com/path/",
			"https://shop.example.com?x", "https://shop.example.com#x", "https://user@shop.example.com",
			"https://shop.example.com:99999", "https://shop.example.com:", "https://shop.example.com:0080",
			"https://пример.рф", "https://exa mple.com", "shop.example.com", "https://", "://shop.example.com",
			"https://-shop.example.com", "https://shop..com", "NULL", "null ", "https://\u200bshop.example.com",
			"1https://x.com" })
	void anythingElseIsRefused(String header) {
		assertThatIllegalArgumentException().isThrownBy(() -> Origins.normalise(header));
		assertThat(Origins.isAcceptable(header)).isFalse();
	}

	@Test
	void longValuesAreRefused() {
		String longest = "https://" + "a".repeat(50) + "." + "b".repeat(50) + "." + "c".repeat(50) + "."
				+ "d".repeat(50) + "." + "e".repeat(39) + ".com";
		assertThat(longest).hasSize(Origins.MAX_LENGTH);
		assertThat(Origins.normalise(longest)).isEqualTo(longest);
		assertThatIllegalArgumentException().isThrownBy(() -> Origins.normalise(longest + "m"));
	}

	@Test
	void whatAUserIsShown() {
		assertThat(Origins.shown(null).kind()).isEqualTo(Origins.Kind.NO_WEBSITE);
		assertThat(Origins.shown("null").kind()).isEqualTo(Origins.Kind.OPAQUE);
		assertThat(Origins.shown("HTTPS://Shop.Example.com:443"))
			.isEqualTo(new Origins.Shown(Origins.Kind.WEBSITE, "https://shop.example.com"));
		assertThat(Origins.shown("https://shop.example.com\t\tIP address: 1.2.3.4"))
			.isEqualTo(new Origins.Shown(Origins.Kind.UNKNOWN, null));
	}

}
