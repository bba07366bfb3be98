package dev.bondify.oidc;

import java.time.Duration;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.bondify.system.PeriodicJobs;

/**
 * Deletes authorizations whose code and tokens all expired a day ago (by then nothing can
 * use them, and a replay of their code finds nothing, which is the same
 * {@code invalid_grant}); one instance an hour, by PostgreSQL's clock.
 */
@Component
class AuthorizationRetention {

	private static final String JOB = "oidc-authorization-retention";

	private final JdbcTemplate jdbc;

	private final PeriodicJobs jobs;

	AuthorizationRetention(JdbcTemplate jdbc, PeriodicJobs jobs) {
		this.jdbc = jdbc;
		this.jobs = jobs;
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT7M")
	void purge() {
		if (!this.jobs.claim(JOB, Duration.ofHours(1))) {
			return;
		}
		int deleted = this.jdbc.update("""
				delete from oauth2_authorization
				where greatest(authorization_code_expires_at, access_token_expires_at, oidc_id_token_expires_at,
				               refresh_token_expires_at, device_code_expires_at)
				      < now() - interval '1 day'""");
		this.jobs.publish(JOB, deleted);
	}

}
