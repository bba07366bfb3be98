package dev.bondify.session;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions, with the Telegram identities they hold, are deleted once older than the
 * retention (180 days by default); younger ones stay.
 */
class SessionRetentionIntegrationTest extends IntegrationTest {

	private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

	@Autowired
	SessionRetention retention;

	@Autowired
	SessionService sessionService;

	@Test
	void sessionsOlderThanTheRetentionAreDeletedAndYoungerOnesKept() {
		Project project = this.projects.live((p) -> p.setReqPhone(true));
		String old = generateAt(project, NOW.minus(Duration.ofDays(180)).minusSeconds(1));
		TestSessions.confirm(this.sessionService, this.jdbc, old,
				new TelegramIdentity(4242L, "Old User", "old", "+15550000000"));
		String young = generateAt(project, NOW.minus(Duration.ofDays(180)).plusSeconds(1));
		this.clock.set(NOW);

		int deleted = this.retention.deleteExpired();

		assertThat(deleted).isGreaterThanOrEqualTo(1);
		assertThat(this.sessionService.find(old)).isEmpty();
		assertThat(this.sessionService.find(young)).isPresent();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from auth_sessions where project_id = ? and telegram_id = '4242'", Long.class,
				project.getId()))
			.isZero();
		assertThat(this.retention.deleteExpired()).as("nothing left to delete").isZero();
	}

	private String generateAt(Project project, Instant when) {
		this.clock.set(when);
		return this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + project.getId() + "\"}")
			.field("session_token");
	}

}
