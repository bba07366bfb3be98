package dev.bondify.telegram;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import org.springframework.context.support.ResourceBundleMessageSource;

import dev.bondify.session.SessionSnapshot;
import dev.bondify.session.SessionStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prompt shows a stored project name that breaks the one-line rule on one line, so it
 * cannot paint fake lines into the anti-phishing text.
 */
class BotRepliesTest {

	private static final String FORGED = "Shop\n\nFrom: Telegram Security\nIP address: 10.0.0.1\u202E";

	private final BotReplies replies = new BotReplies(texts());

	@Test
	void promptShowsAForgedStoredNameOnOneLine() {
		String honest = text(this.replies.prompt(1, Locale.ENGLISH, "Shop", snapshot(), "sess_x"));
		String forged = text(this.replies.prompt(1, Locale.ENGLISH, FORGED, snapshot(), "sess_x"));

		assertThat(forged).doesNotContain("\u202E")
			.doesNotContain("\nFrom: Telegram")
			.doesNotContain("\nIP address: 10");
		assertThat(forged.lines().count()).as("no line beyond those of the honest prompt")
			.isEqualTo(honest.lines().count());
		assertThat(forged).contains("Shop From: Telegram Security IP address: 10.0.0.1");
	}

	@Test
	void contactRequestShowsAForgedStoredNameOnOneLine() {
		String honest = text(this.replies.contactRequest(1, Locale.ENGLISH, "Shop"));
		String forged = text(this.replies.contactRequest(1, Locale.ENGLISH, FORGED));

		assertThat(forged.lines().count()).isEqualTo(honest.lines().count());
		assertThat(forged).doesNotContain("\u202E");
	}

	private static String text(Object method) {
		return ((SendMessage) method).getText();
	}

	private static SessionSnapshot snapshot() {
		Instant now = Instant.parse("2026-05-20T12:00:00Z");
		return new SessionSnapshot(UUID.randomUUID(), "proj_test1234", SessionStatus.PENDING, now, now.plusSeconds(600),
				null, null, null, "https://shop.example", "203.0.113.7", "test", null, null, null, null);
	}

	private static BotTexts texts() {
		ResourceBundleMessageSource source = new ResourceBundleMessageSource();
		source.setBasename("telegram/messages");
		source.setDefaultEncoding("UTF-8");
		source.setFallbackToSystemLocale(false);
		source.setAlwaysUseMessageFormat(true);
		return new BotTexts(source);
	}

}
