package dev.bondify.oidc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The redemptions of the moment are written by one conditional statement: each code is
 * redeemed once (a code given twice in one batch too), a code redeemed before stays as it
 * was, the stored attributes stay when asked, every column reaches its place, and a row
 * locked by another transaction is redeemed alone once the lock goes.
 */
class RedemptionsIntegrationTest extends IntegrationTest {

	private static final Instant ISSUED = Instant.parse("2026-12-07T10:00:00.123456Z");

	private Redemptions redemptions;

	@BeforeEach
	void writer() {
		this.redemptions = new Redemptions(this.jdbc);
	}

	@AfterEach
	void stop() {
		this.redemptions.close();
	}

	@Test
	void aBatchRedeemsEachCodeOnceAndLeavesARedeemedOneAsItWas() {
		String first = stored(false);
		String second = stored(false);
		String redeemed = stored(true);

		List<Boolean> answers = this.redemptions.redeemAll(List.of(row(first, "access-a1", false),
				row(second, "access-b", false), row(redeemed, "access-c", false), row(first, "access-a2", false)));

		assertThat(answers.get(1)).isTrue();
		assertThat(answers.get(2)).isFalse();
		// One of the two rows of the same code redeemed it, and the stored token is its.
		assertThat(List.of(answers.get(0), answers.get(3))).containsExactlyInAnyOrder(true, false);
		String winner = answers.get(0) ? "access-a1" : "access-a2";
		assertThat(accessToken(first)).isEqualTo(winner);
		assertThat(accessToken(second)).isEqualTo("access-b");
		assertThat(accessToken(redeemed)).isEqualTo("before");
		assertThat(this.jdbc.queryForList("select id from oauth2_authorization where code_redeemed and id in (?, ?, ?)",
				String.class, first, second, redeemed))
			.containsExactlyInAnyOrder(first, second, redeemed);
	}

	@Test
	void everyColumnReachesItsPlaceAndKeptAttributesStay() {
		String kept = stored(false);
		String written = stored(false);

		assertThat(this.redemptions.redeem(columns(kept, "access-k", "new attributes"), true)).isTrue();
		assertThat(this.redemptions.redeem(columns(written, "access-w", "new attributes"), false)).isTrue();

		assertThat(this.jdbc.queryForObject("select attributes from oauth2_authorization where id = ?", String.class,
				kept))
			.isEqualTo("stored attributes");
		Map<String, Object> row = this.jdbc.queryForMap("select * from oauth2_authorization where id = ?", written);
		assertThat(row).containsEntry("attributes", "new attributes")
			.containsEntry("registered_client_id", "proj_redemptions")
			.containsEntry("principal_name", "principal")
			.containsEntry("authorization_grant_type", "authorization_code")
			.containsEntry("authorized_scopes", "openid,profile")
			.containsEntry("state", null)
			.containsEntry("authorization_code_value", "code-" + written)
			.containsEntry("authorization_code_metadata", "code metadata")
			.containsEntry("access_token_value", "access-w")
			.containsEntry("access_token_metadata", "access metadata")
			.containsEntry("access_token_type", "Bearer")
			.containsEntry("access_token_scopes", "openid,profile")
			.containsEntry("oidc_id_token_value", "id-token")
			.containsEntry("oidc_id_token_metadata", "id metadata")
			.containsEntry("refresh_token_value", "refresh")
			.containsEntry("refresh_token_metadata", "refresh metadata")
			.containsEntry("user_code_value", "user-code")
			.containsEntry("user_code_metadata", "user metadata")
			.containsEntry("device_code_value", "device-code")
			.containsEntry("device_code_metadata", "device metadata")
			.containsEntry("code_redeemed", true);
		String[] tokens = { "authorization_code", "access_token", "oidc_id_token", "refresh_token", "user_code",
				"device_code" };
		int[] expiresMinutes = { 5, 10, 30, 40, 50, 60 };
		for (int i = 0; i < tokens.length; i++) {
			assertThat(((Timestamp) row.get(tokens[i] + "_issued_at")).toInstant()).as(tokens[i])
				.isEqualTo(ISSUED.plusSeconds(i));
			assertThat(((Timestamp) row.get(tokens[i] + "_expires_at")).toInstant()).as(tokens[i])
				.isEqualTo(ISSUED.plus(expiresMinutes[i], ChronoUnit.MINUTES));
		}

		// A second redemption of either code loses and changes nothing.
		assertThat(this.redemptions.redeem(columns(written, "access-again", "again"), false)).isFalse();
		assertThat(accessToken(written)).isEqualTo("access-w");
	}

	@Test
	void aRowLockedByAnotherTransactionIsRedeemedAloneOnceTheLockGoes() throws Exception {
		String locked = stored(false);
		long batches = this.redemptions.batches();
		CompletableFuture<Boolean> answer;
		try (Connection lock = this.jdbc.getDataSource().getConnection()) {
			lock.setAutoCommit(false);
			try (PreparedStatement rowLock = lock
				.prepareStatement("select id from oauth2_authorization where id = ? for update")) {
				rowLock.setString(1, locked);
				rowLock.executeQuery().close();
			}
			answer = CompletableFuture
				.supplyAsync(() -> this.redemptions.redeem(columns(locked, "access-l", "x"), true));
			// The batch gave up after its lock timeout; the request's own statement
			// waits.
			Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.until(() -> this.jdbc.queryForObject(
						"select count(*) from pg_stat_activity where datname ="
								+ " current_database() and wait_event_type = 'Lock'"
								+ " and query like 'update oauth2_authorization set registered_client_id%'",
						Integer.class) == 1);
			assertThat(answer).isNotDone();
			lock.rollback();
		}
		assertThat(answer.get()).isTrue();
		assertThat(accessToken(locked)).isEqualTo("access-l");
		assertThat(this.jdbc.queryForObject("select attributes from oauth2_authorization where id = ?", String.class,
				locked))
			.as("kept by the single statement too")
			.isEqualTo("stored attributes");
		assertThat(this.redemptions.batches()).isEqualTo(batches);
	}

	@Test
	void insideATransactionTheRedemptionJoinsIt() {
		String id = stored(false);
		TransactionTemplate transactions = new TransactionTemplate(
				new DataSourceTransactionManager(this.jdbc.getDataSource()));
		long batches = this.redemptions.batches();

		transactions.executeWithoutResult((status) -> {
			assertThat(new Redemptions.Alone(this.jdbc).redeem(columns(id, "access-t", "x"), true)).isTrue();
			status.setRollbackOnly();
		});

		assertThat(accessToken(id)).as("rolled back with the transaction").isNull();
		assertThat(this.redemptions.batches()).isEqualTo(batches);
	}

	@Test
	void aRedemptionAfterTheWriterStoppedIsTemporarilyUnavailable() {
		RegisteredClient client = RegisteredClient.withId("proj_tokenerrors")
			.clientId("proj_tokenerrors")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("https://app.example/cb")
			.build();
		HashedAuthorizationService service = new HashedAuthorizationService(this.jdbc,
				new InMemoryRegisteredClientRepository(client));
		service.destroy();
		Instant now = Instant.now();
		OAuth2AuthorizationCode code = new OAuth2AuthorizationCode("code", now, now.plusSeconds(60));
		OAuth2Authorization redeemed = OAuth2Authorization.withRegisteredClient(client)
			.principalName("principal")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.token(code)
			.accessToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access", now, now.plusSeconds(600)))
			.invalidate(code)
			.build();

		assertThatExceptionOfType(OAuth2AuthenticationException.class).isThrownBy(() -> service.save(redeemed))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo(TokenErrors.TEMPORARILY_UNAVAILABLE));
	}

	private String stored(boolean redeemed) {
		String id = UUID.randomUUID().toString();
		this.jdbc.update("insert into oauth2_authorization (id, registered_client_id, principal_name,"
				+ " authorization_grant_type, attributes, authorization_code_value, access_token_value, code_redeemed)"
				+ " values (?, 'proj_redemptions', 'principal', 'authorization_code', 'stored attributes', ?, ?, ?)",
				id, "code-" + id, redeemed ? "before" : null, redeemed);
		return id;
	}

	private String accessToken(String id) {
		return this.jdbc.queryForObject("select access_token_value from oauth2_authorization where id = ?",
				String.class, id);
	}

	private static Redemptions.Redemption row(String id, String accessToken, boolean keep) {
		return Redemptions.Redemption.of(columns(id, accessToken, "attributes"), keep);
	}

	/** The 33 columns of {@link AuthorizationColumns}, id first. */
	private static List<SqlParameterValue> columns(String id, String accessToken, String attributes) {
		List<SqlParameterValue> c = new ArrayList<>();
		c.add(text(id));
		c.add(text("proj_redemptions"));
		c.add(text("principal"));
		c.add(text("authorization_code"));
		c.add(text("openid,profile"));
		c.add(text(attributes));
		c.add(text(null));
		token(c, "code-" + id, ISSUED, ISSUED.plus(5, ChronoUnit.MINUTES), "code metadata");
		token(c, accessToken, ISSUED.plusSeconds(1), ISSUED.plus(10, ChronoUnit.MINUTES), "access metadata");
		c.add(text("Bearer"));
		c.add(text("openid,profile"));
		token(c, "id-token", ISSUED.plusSeconds(2), ISSUED.plus(30, ChronoUnit.MINUTES), "id metadata");
		token(c, "refresh", ISSUED.plusSeconds(3), ISSUED.plus(40, ChronoUnit.MINUTES), "refresh metadata");
		token(c, "user-code", ISSUED.plusSeconds(4), ISSUED.plus(50, ChronoUnit.MINUTES), "user metadata");
		token(c, "device-code", ISSUED.plusSeconds(5), ISSUED.plus(60, ChronoUnit.MINUTES), "device metadata");
		return c;
	}

	private static void token(List<SqlParameterValue> c, String value, Instant issued, Instant expires,
			String metadata) {
		c.add(text(value));
		c.add(new SqlParameterValue(Types.TIMESTAMP, (issued != null) ? Timestamp.from(issued) : null));
		c.add(new SqlParameterValue(Types.TIMESTAMP, (expires != null) ? Timestamp.from(expires) : null));
		c.add(text(metadata));
	}

	private static SqlParameterValue text(String value) {
		return new SqlParameterValue(Types.VARCHAR, value);
	}

}
