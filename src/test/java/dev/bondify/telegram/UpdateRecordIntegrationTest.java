package dev.bondify.telegram;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.system.RandomTokens;
import dev.bondify.telegram.TelegramUpdates.TelegramUpdate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The update id is recorded after the update's state change, on its own: a record that
 * fails loses nothing (the change is stored and the webhook answers 200), a redelivery
 * then changes nothing twice, and a recorded update is not handled again.
 */
class UpdateRecordIntegrationTest extends BotIntegrationTest {

	@Autowired
	private MeterRegistry meters;

	@Test
	void aConfirmWhoseRecordFailsIsStoredOnceAndItsRedeliveryChangesNothing() {
		Project project = this.projects.live(p -> {
		});
		String token = generate(project, null);
		long user = TelegramUpdates.newUserId();
		webhook(TelegramUpdates.start(user, code(token), "en"));
		TelegramUpdate tap = TelegramUpdates.callback(user, user, 7, "c:" + code(token), "en");
		// Recording this update fails (as under a pool timeout after the confirm
		// committed).
		this.jdbc.execute("""
				create function bondify_test_refuse_update() returns trigger language plpgsql as $$
				begin raise exception 'record refused'; end $$""");
		this.jdbc.execute("create trigger bondify_test_refuse_update before insert on telegram_updates for each row "
				+ "when (new.update_id = " + tap.updateId() + ") execute function bondify_test_refuse_update()");
		try {
			webhook(tap);
		}
		finally {
			this.jdbc.execute("drop trigger bondify_test_refuse_update on telegram_updates");
			this.jdbc.execute("drop function bondify_test_refuse_update()");
		}
		assertThat(confirmedAt(token)).isNotNull();
		assertThat(recorded(tap)).isZero();
		Object firstConfirm = confirmedAt(token);

		// Telegram redelivers it (it never got the 200, say): handled again, stored once.
		webhook(tap);
		assertThat(confirmedAt(token)).isEqualTo(firstConfirm);
		assertThat(recorded(tap)).isOne();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from auth_sessions where token_hash = ? and status in " + "('confirmed', 'used')",
				Long.class, (Object) RandomTokens.sha256(token)))
			.isOne();

		// Recorded now: a further redelivery is not handled at all.
		double duplicates = duplicates();
		webhook(tap);
		assertThat(duplicates()).isEqualTo(duplicates + 1);
		assertThat(confirmedAt(token)).isEqualTo(firstConfirm);
	}

	private double duplicates() {
		return this.meters.counter(TelegramUpdateProcessor.METRIC, "type", HandledUpdate.DUPLICATE).count();
	}

	private Object confirmedAt(String token) {
		return this.jdbc.queryForObject("select confirmed_at from auth_sessions where token_hash = ?", Object.class,
				(Object) RandomTokens.sha256(token));
	}

	private long recorded(TelegramUpdate update) {
		return this.jdbc.queryForObject("select count(*) from telegram_updates where update_id = ?", Long.class,
				update.updateId());
	}

}
