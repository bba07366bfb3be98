package dev.bondify.session;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.bondify.project.Project;
import dev.bondify.support.IntegrationTest;
import dev.bondify.system.RandomTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in statement commits durably even on a connection whose sessions commit
 * without waiting for the WAL flush, and leaves that connection's own setting alone.
 */
class ConfirmedSignInsIntegrationTest extends IntegrationTest {

	@Autowired
	private DataSource dataSource;

	@Test
	void commitsDurablyWhateverTheConnectionsSetting() throws Exception {
		Project project = this.projects.live();
		try (Connection connection = this.dataSource.getConnection()) {
			JdbcTemplate one = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
			one.execute("set synchronous_commit = off");
			try {
				connection.setAutoCommit(false);
				ConfirmedSignIns.Outcome outcome = new ConfirmedSignIns(one).signIn(signIn(project));

				assertThat(outcome.signedIn()).isTrue();
				// The statement's transaction commits with the durable setting ...
				assertThat(one.queryForObject("show synchronous_commit", String.class)).isEqualTo("on");
				connection.rollback();
				// ... and the connection keeps its own afterwards.
				assertThat(one.queryForObject("show synchronous_commit", String.class)).isEqualTo("off");
			}
			finally {
				connection.setAutoCommit(true);
				one.execute("reset synchronous_commit");
			}
		}
	}

	private ConfirmedSignIns.SignIn signIn(Project project) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		byte[] datum = new byte[32];
		ThreadLocalRandom.current().nextBytes(datum);
		String token = RandomTokens.base64Url256(SessionService.TOKEN_PREFIX);
		return new ConfirmedSignIns.SignIn(new SingleUseDatum(datum, now.plus(Duration.ofMinutes(5))),
				UUID.randomUUID(), RandomTokens.sha256(token), token.substring(0, 12), project.getId(), now,
				now.plus(Duration.ofMinutes(5)), new RequestSource(null, "127.0.0.1", null), "webapp",
				new TelegramIdentity(700_000_300L, "Durable User", null, null), null, RandomTokens.base64Url256(""),
				null);
	}

}
