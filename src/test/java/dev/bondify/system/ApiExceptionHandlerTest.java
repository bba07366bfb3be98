package dev.bondify.system;

import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.bondify.support.QuietOutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Failures that tests cannot easily provoke for real (database down, a bug) still answer
 * with the error contract.
 */
@ExtendWith(QuietOutput.class)
class ApiExceptionHandlerTest {

	private MockMvc mvc;

	@BeforeEach
	void setUp() {
		ErrorResponseWriter writer = new ErrorResponseWriter(JsonMapper.builder().build());
		this.mvc = MockMvcBuilders.standaloneSetup(new FailingController())
			.setControllerAdvice(new ApiExceptionHandler(writer))
			.build();
	}

	@Test
	void databaseUnreachableIsServiceUnavailable() throws Exception {
		for (String path : new String[] { "/no-transaction", "/no-connection", "/pool-timeout" }) {
			this.mvc.perform(get(path))
				.andExpect(status().isServiceUnavailable())
				.andExpect(jsonPath("$.code").value("SERVICE_UNAVAILABLE"))
				.andExpect(jsonPath("$.error").isNotEmpty());
		}
	}

	/**
	 * A statement timeout is a slow query, not an outage: each one gets its own line (no
	 * stack trace) instead of being counted into the outage summary.
	 */
	@Test
	void queryTimeoutIsServiceUnavailableAndLoggedOnItsOwn(CapturedOutput output) throws Exception {
		for (int i = 0; i < 2; i++) {
			this.mvc.perform(get("/query-timeout"))
				.andExpect(status().isServiceUnavailable())
				.andExpect(jsonPath("$.code").value("SERVICE_UNAVAILABLE"));
		}
		String line = "Database statement timed out, answering 503: canceling statement due to statement timeout";
		assertThat(output.getAll().split(line, -1)).as("one line per timeout").hasSize(3);
		assertThat(output.getAll()).doesNotContain("QueryTimeoutException").doesNotContain("\tat ");
	}

	@Test
	void aBusyPoolIsNotReportedAsAnOutage() throws Exception {
		this.mvc.perform(get("/pool-busy"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.code").value("SERVICE_UNAVAILABLE"))
			.andExpect(jsonPath("$.error").value("The service is busy; retry in a second."))
			.andExpect(header().string("Retry-After", "1"));
		this.mvc.perform(get("/pool-down"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.error").value("The database is unavailable; retry shortly."))
			.andExpect(header().doesNotExist("Retry-After"));
	}

	@Test
	void aStatementTimeoutSaysSoAndNotThatTheDatabaseIsDown() throws Exception {
		this.mvc.perform(get("/query-timeout"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.error").value(org.hamcrest.Matchers.startsWith("The query took too long")));
	}

	@Test
	void aClientThatWentAwayIsNoError(CapturedOutput output) throws Exception {
		this.mvc.perform(get("/client-gone"));
		assertThat(output.getAll()).doesNotContain("Unexpected error").doesNotContain("\tat ");
	}

	@Test
	void unexpectedExceptionIsInternalErrorWithoutDetails() throws Exception {
		this.mvc.perform(get("/bug"))
			.andExpect(status().isInternalServerError())
			.andExpect(jsonPath("$.code").value("INTERNAL_ERROR"))
			.andExpect(content().string(not(containsString("secret detail"))))
			.andExpect(content().string(not(containsString("IllegalStateException"))));
	}

	@RestController
	static class FailingController {

		@GetMapping("/no-transaction")
		String noTransaction() {
			throw new CannotCreateTransactionException("Could not open JPA EntityManager");
		}

		@GetMapping("/no-connection")
		String noConnection() {
			throw new DataAccessResourceFailureException("connection refused");
		}

		@GetMapping("/pool-timeout")
		String poolTimeout() {
			throw new IllegalStateException(new SQLTransientConnectionException("pool timed out"));
		}

		@GetMapping("/pool-busy")
		String poolBusy() {
			// HikariCP's timeout while every connection is in use: no connection failure
			// behind it.
			throw new CannotCreateTransactionException("Could not open JDBC Connection",
					new SQLTransientConnectionException(
							"HikariPool-1 - Connection is not available, request timed out after 1000ms "
									+ "(total=20, active=20, idle=0, waiting=12)"));
		}

		@GetMapping("/pool-down")
		String poolDown() {
			throw new CannotCreateTransactionException("Could not open JDBC Connection",
					new SQLTransientConnectionException(
							"HikariPool-1 - Connection is not available, request timed out after 1000ms", "08001",
							new java.sql.SQLNonTransientConnectionException("Connection refused", "08001")));
		}

		@GetMapping("/client-gone")
		String clientGone() throws Exception {
			throw new org.apache.catalina.connector.ClientAbortException(new java.io.IOException("Broken pipe"));
		}

		@GetMapping("/query-timeout")
		String queryTimeout() {
			throw new QueryTimeoutException("canceling statement due to statement timeout");
		}

		@GetMapping("/bug")
		String bug() {
			throw new IllegalStateException("secret detail");
		}

	}

	@Test
	void aFieldErrorNamesTheFieldAsTheClientWroteIt() {
		record Body(@com.fasterxml.jackson.annotation.JsonProperty("wait") Integer waitSeconds, String projectId) {
		}
		Body body = new Body(0, "x");
		assertThat(ApiExceptionHandler.jsonName(body, "waitSeconds")).isEqualTo("wait");
		assertThat(ApiExceptionHandler.jsonName(body, "projectId")).isEqualTo("project_id");
		assertThat(ApiExceptionHandler.jsonName(null, "sessionToken")).isEqualTo("session_token");
		assertThat(ApiExceptionHandler.jsonName(body, "noSuchField")).isEqualTo("no_such_field");
	}

}
