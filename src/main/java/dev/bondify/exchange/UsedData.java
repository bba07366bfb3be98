package dev.bondify.exchange;

import java.sql.Timestamp;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * The hashes of exchanged data, shared by every instance through PostgreSQL: a datum is
 * claimed by the statement that creates its session
 * ({@link dev.bondify.session.ProvenSignIns}), and forgotten here once it is too old to
 * be accepted.
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
