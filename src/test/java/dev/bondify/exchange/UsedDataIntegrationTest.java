package dev.bondify.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.session.ProvenSignIns;
import dev.bondify.session.RequestSource;
import dev.bondify.session.SingleUseDatum;
import dev.bondify.session.TelegramIdentity;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A datum is claimed once, and its record is dropped only once the datum is too old to be
 * accepted anyway: then it signs in again.
 */
class UsedDataIntegrationTest extends IntegrationTest {

	@Autowired
	UsedData usedData;

	@Autowired
	ProvenSignIns signIns;

	@Test
	void aDatumIsClaimedOnceAndForgottenOnlyAfterItExpired() {
		String projectId = this.developers.createProject(this.developers.register(), "{\"name\":\"Used Data\"}")
			.field("id");
		Project project = this.projectRepository.findById(projectId).orElseThrow();
		byte[] hash = new byte[32];
		ThreadLocalRandom.current().nextBytes(hash);
		Instant keepUntil = this.clock.instant().plus(Duration.ofMinutes(5));
		SingleUseDatum datum = new SingleUseDatum(hash, keepUntil);

		assertThat(signIn(project, datum)).isTrue();
		assertThat(signIn(project, datum)).isFalse();

		this.clock.set(keepUntil.minusSeconds(1));
		this.usedData.deleteExpired();
		assertThat(signIn(project, datum)).isFalse();

		this.clock.set(keepUntil.plusSeconds(1));
		this.usedData.deleteExpired();
		assertThat(signIn(project, datum)).isTrue();
		assertThat(this.jdbc.queryForObject("select count(*) from auth_sessions where project_id = ?", Long.class,
				projectId))
			.isEqualTo(2);
	}

	private boolean signIn(Project project, SingleUseDatum datum) {
		return this.signIns
			.signIn(project, "webapp", new TelegramIdentity(700_000_100L, "Used Data", null, null),
					new RequestSource(null, "127.0.0.1", null), datum)
			.isPresent();
	}

}
