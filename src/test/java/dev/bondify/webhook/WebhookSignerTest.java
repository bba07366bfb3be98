package dev.bondify.webhook;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook signature against published HMAC-SHA256 vectors.
 */
class WebhookSignerTest {

	@Test
	void signMatchesRfc4231TestCase2() {
		assertThat(WebhookSigner.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	}

	@Test
	void signUsesTheWholeKeyStringIncludingItsPrefix() {
		byte[] body = "{\"event\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
		assertThat(WebhookSigner.sign("sk_live_abc", body)).isNotEqualTo(WebhookSigner.sign("abc", body))
			.matches("[0-9a-f]{64}");
	}

}
