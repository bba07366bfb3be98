package dev.bondify.system;

import java.time.Duration;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Lets one instance of several run a periodic job each period: the instance that claims
 * the period runs it, the others skip it. Claims are timed by PostgreSQL's clock, shared
 * by all instances.
 */
@Component
public class PeriodicJobs {

	// The claim expires a little before the period, so the instance that ran last,
	// ticking
	// on the same fixed delay, usually keeps the job and others do not race for it.
	private static final String CLAIM = """
			insert into periodic_jobs as j (name, last_run_at) values (?, now())
			on conflict (name) do update set last_run_at = now()
			where j.last_run_at <= now() - make_interval(secs => ?)
			returning j.name""";

	private final JdbcTemplate jdbc;

	PeriodicJobs(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @return true when this instance won this period of the job and should run it
	 */
	public boolean claim(String job, Duration period) {
		double seconds = period.toMillis() * 0.9 / 1000.0;
		List<String> won = this.jdbc.queryForList(CLAIM, String.class, job, seconds);
		return !won.isEmpty();
	}

	/** Publishes a job's figure for the instances that did not run it. */
	public void publish(String job, long result) {
		this.jdbc.update("update periodic_jobs set result = ? where name = ?", result, job);
	}

	/**
	 * @return the figure last published for the job, or null
	 */
	public Long lastResult(String job) {
		List<Long> result = this.jdbc.queryForList("select result from periodic_jobs where name = ?", Long.class, job);
		return result.isEmpty() ? null : result.get(0);
	}

}
