package dev.bondify.telegram;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The update ids already handled, in the database so every instance sees them; a
 * redelivered update is recognised by an {@code insert … on conflict do nothing} that
 * inserts nothing.
 */
@Component
class ProcessedUpdates {

	/**
	 * Telegram keeps an undelivered update for at most 24 hours; twice that is safely
	 * past any redelivery.
	 */
	static final Duration RETENTION = Duration.ofHours(48);

	private static final Logger log = LoggerFactory.getLogger(ProcessedUpdates.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	ProcessedUpdates(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Whether this update was already handled (here or on another instance). */
	boolean isHandled(long botId, long updateId) {
		return this.jdbc.sql("select exists (select 1 from telegram_updates where bot_id = ? and update_id = ?)")
			.params(botId, updateId)
			.query(Boolean.class)
			.single();
	}

	/**
	 * Records the update as handled, once its state change committed; true the first
	 * time, false when another delivery of it recorded it first.
	 */
	boolean markNew(long botId, long updateId) {
		return this.jdbc.sql(
				"insert into telegram_updates (bot_id, update_id, received_at) values (?, ?, ?) on conflict do nothing")
			.params(botId, updateId, Timestamp.from(this.clock.instant()))
			.update() == 1;
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
	void deleteExpired() {
		int deleted = this.jdbc.sql("delete from telegram_updates where received_at < ?")
			.param(Timestamp.from(this.clock.instant().minus(RETENTION)))
			.update();
		if (deleted > 0) {
			log.debug("Forgot {} Telegram update ids older than {}", deleted, RETENTION);
		}
	}

}
