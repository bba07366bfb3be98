package dev.bondify.access;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;

import dev.bondify.project.Project;
import dev.bondify.support.ApiClient;
import dev.bondify.support.ApiClient.Response;
import dev.bondify.support.IntegrationTest;
import dev.bondify.support.MutableClock;
import dev.bondify.support.SecondInstance;
import dev.bondify.support.TestDevelopers;
import dev.bondify.system.ApiException;
import dev.bondify.system.ClientIpResolver;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.RateLimiter;
import dev.bondify.system.WebProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate-limit table at the door: every row refuses once its bucket is spent, a
 * principal's bucket is its project's alone, a refused key counts against the address,
 * and two instances spend one bucket.
 */
class RateLimitPolicyIntegrationTest extends IntegrationTest {

	@RegisterExtension
	static final SecondInstance other = new SecondInstance();

	@Autowired
	private RateLimiter limiter;

	@Autowired
	private WebProperties web;

	/**
	 * Both instances at one standing instant: no token comes back while a test runs.
	 */
	@BeforeEach
	void fixClocks() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		this.clock.set(now);
		other.getBean(MutableClock.class).set(now);
	}

	@ParameterizedTest
	@EnumSource(RateLimitPolicy.class)
	void everyRowRefusesWithRetryAfterOnceItsBucketIsSpent(RateLimitPolicy row) {
		Project project = this.projects.live();
		String ip = TestDevelopers.randomIp();
		String[] headers = headers(row, project, ip);
		assertThat(send(this.api, row, project, headers).status()).as("a fresh bucket admits").isNotEqualTo(429);

		spend(row.limitFor(row.perPrincipal() ? project.getId() : null, ClientIpResolver.bucketOf(ip),
				this.web.rateLimit()));

		Response limited = send(this.api, row, project, headers);
		assertThat(limited.status()).as(limited.body()).isEqualTo(429);
		assertThat(limited.code()).isEqualTo("RATE_LIMITED");
		assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
	}

	@ParameterizedTest
	@EnumSource(RateLimitPolicy.class)
	void aSpentBudgetIsItsOwnersAlone(RateLimitPolicy row) {
		Project project = this.projects.live();
		Project another = this.projects.live();
		String ip = TestDevelopers.randomIp();
		spend(row.limitFor(row.perPrincipal() ? project.getId() : null, ClientIpResolver.bucketOf(ip),
				this.web.rateLimit()));
		assertThat(send(this.api, row, project, headers(row, project, ip)).status()).isEqualTo(429);

		if (row.perPrincipal()) {
			assertThat(send(this.api, row, another, headers(row, another, ip)).status())
				.as("another project from the same address has its own budget")
				.isNotEqualTo(429);
			Response wrongKey = send(this.api, row, project, "X-Forwarded-For", ip, "Authorization",
					"Bearer sk_live_wrong");
			assertThat(wrongKey.status()).as("a refused key counts against the address, not the project")
				.isEqualTo(401);
		}
		else {
			assertThat(send(this.api, row, project, headers(row, project, TestDevelopers.randomIp())).status())
				.as("another address has its own budget")
				.isNotEqualTo(429);
		}
	}

	@Test
	void everyRouteOfTheSessionSurfaceHasARow() {
		Set<String> limited = EnumSet.allOf(RateLimitPolicy.class)
			.stream()
			.map(RateLimitPolicy::path)
			.collect(java.util.stream.Collectors.toSet());
		assertThat(limited).containsExactlyInAnyOrder("/api/v1/generate", "/api/v1/generate/public", "/api/v1/verify",
				"/api/v1/verify/public", "/api/v1/exchange", "/api/v1/exchange/public", "/api/v1/proof/verify");
	}

	@Test
	void twoInstancesSpendOneProjectBudget() {
		Project project = this.projects.sandbox();
		Project another = this.projects.sandbox();
		ApiClient otherApi = new ApiClient(other.port());
		String ip = TestDevelopers.randomIp();
		// Nothing sent to the other instance before: it holds no lease of this bucket.
		spend(RateLimitPolicy.GENERATE.limitFor(project.getId(), null, this.web.rateLimit()));

		Response limited = send(otherApi, RateLimitPolicy.GENERATE, project,
				headers(RateLimitPolicy.GENERATE, project, ip));
		assertThat(limited.status()).as("spent on this instance, refused on the other").isEqualTo(429);
		assertThat(limited.header("Retry-After")).isNotNull();
		assertThat(send(otherApi, RateLimitPolicy.GENERATE, another, headers(RateLimitPolicy.GENERATE, another, ip))
			.status()).isEqualTo(200);
	}

	private void spend(RateLimitPolicy.Limit limit) {
		for (int i = 0; i <= limit.perMinute() + 200; i++) {
			try {
				this.limiter.acquire(limit.key(), limit.perMinute(), limit.leased());
			}
			catch (ApiException ex) {
				assertThat(ex.code()).isEqualTo(ErrorCode.RATE_LIMITED);
				return;
			}
		}
		throw new AssertionError("The bucket " + limit.key() + " was never spent");
	}

	private static String[] headers(RateLimitPolicy row, Project project, String ip) {
		return row.perPrincipal()
				? new String[] { "X-Forwarded-For", ip, "Authorization", "Bearer " + project.getSecretKey() }
				: new String[] { "X-Forwarded-For", ip };
	}

	private static Response send(ApiClient api, RateLimitPolicy row, Project project, String... headers) {
		String body = switch (row) {
			case GENERATE, GENERATE_PUBLIC -> "{\"project_id\":\"" + project.getId() + "\"}";
			case VERIFY, VERIFY_PUBLIC ->
				"{\"project_id\":\"" + project.getId() + "\",\"session_token\":\"sess_none\"}";
			case EXCHANGE, EXCHANGE_PUBLIC ->
				"{\"project_id\":\"" + project.getId() + "\",\"type\":\"webapp\",\"data\":\"x\"}";
			case PROOF -> "{\"proof\":\"x.y.z\"}";
		};
		return api.post(row.path(), body, headers);
	}

}
