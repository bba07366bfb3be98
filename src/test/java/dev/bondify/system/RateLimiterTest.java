package dev.bondify.system;

import java.sql.SQLTransientConnectionException;
import java.time.Clock;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.AbstractDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The rate limiter's pure parts and its behaviour when the database is unreachable. */
class RateLimiterTest {

	@Test
	void unreachableDatabaseIsA503NotA500() {
		DataSource down = new AbstractDataSource() {

			@Override
			public java.sql.Connection getConnection() throws java.sql.SQLException {
				throw new SQLTransientConnectionException("Connection is not available, request timed out");
			}

			@Override
			public java.sql.Connection getConnection(String username, String password) throws java.sql.SQLException {
				return getConnection();
			}

		};
		RateLimiter limiter = new RateLimiter(new NamedParameterJdbcTemplate(down), Clock.systemUTC());

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> limiter.acquire("generate-ip:192.0.2.1", 60))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
	}

	@Test
	void disabledLimitNeverTouchesTheDatabase() {
		RateLimiter limiter = new RateLimiter(null, Clock.systemUTC());
		limiter.acquire("generate-ip:192.0.2.1", 0);
	}

	@Test
	void storedKeysHashTheSubjectAndFitTheColumn() {
		String key = RateLimiter.storedKey("login-email-ip:192.0.2.1 owner@example.com");
		assertThat(key).startsWith("login-email-ip:").doesNotContain("owner").doesNotContain("192.0.2.1");
		assertThat(RateLimiter.storedKey("x".repeat(500) + ":y")).hasSizeLessThanOrEqualTo(100);
		assertThat(key).isEqualTo(RateLimiter.storedKey("login-email-ip:192.0.2.1 owner@example.com"));
	}

	@Test
	void retryAfterRoundsUpToWholeSecondsAndIsAtLeastOne() {
		assertThat(RateLimiter.ceilSeconds(1)).isEqualTo(1);
		assertThat(RateLimiter.ceilSeconds(1_000_000)).isEqualTo(1);
		assertThat(RateLimiter.ceilSeconds(1_000_001)).isEqualTo(2);
		assertThat(RateLimiter.ceilSeconds(0)).isEqualTo(1);
	}

}
