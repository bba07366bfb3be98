package dev.bondify.exchange;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * The hashes of exchanged data, shared by every instance through PostgreSQL: a datum is
 * claimed by one conditional insert, and forgotten once it is too old to be accepted.
 */
@Repository
class UsedData {

	private static final Logger log = LoggerFactory.getLogger(UsedData.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	UsedData(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * True for the one caller that records {@code datumHash} first; joins the caller's
	 * transaction, so a rollback (the session could not be created) frees it again. A
	 * concurrent claim of the same datum waits for that transaction and then gets false.
	 */
	boolean claim(byte[] datumHash, Instant keepUntil) {
		return this.jdbc
			.sql("insert into exchange_used_data (data_hash, expires_at) values (?, ?) on conflict do nothing")
			.params(datumHash, Timestamp.from(keepUntil))
			.update() == 1;
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
	void deleteExpired() {
		int deleted = this.jdbc.sql("delete from exchange_used_data where expires_at < ?")
			.param(Timestamp.from(this.clock.instant()))
			.update();
		if (deleted > 0) {
			log.debug("Forgot {} exchanged data older than they are accepted", deleted);
		}
	}

}
