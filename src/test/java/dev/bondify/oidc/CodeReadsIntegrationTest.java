package dev.bondify.oidc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Code lookups read together answer each lookup its own row: an unknown code none, a code
 * asked twice its row twice, a row whose client is gone none while the others are
 * answered; a lookup inside a transaction sees that transaction's rows, and a stopped
 * reader leaves the lookups to a single read each.
 */
class CodeReadsIntegrationTest extends IntegrationTest {

	private static final OAuth2TokenType CODE = new OAuth2TokenType("code");

	private final RegisteredClient client = client("proj_codereads");

	private final RegisteredClient gone = client("proj_codereadsgone");

	/** Every code of this test carries it, so no other test's row answers. */
	private final String prefix = UUID.randomUUID() + "-";

	private HashedAuthorizationService authorizations;

	@BeforeEach
	void service() {
		this.authorizations = new HashedAuthorizationService(this.jdbc,
				new InMemoryRegisteredClientRepository(this.client, this.gone));
	}

	@AfterEach
	void stop() {
		this.authorizations.destroy();
	}

	@Test
	void aReadOfTheSameSizeKeepsItsGenericPlanInsteadOfPlanningEveryRead() {
		String first = stored(this.client, code("plan-1"));
		String second = stored(this.client, code("plan-2"));
		String sql = CodeReads.readAll(3);
		Map<String, Object> plans = this.jdbc.execute((ConnectionCallback<Map<String, Object>>) (connection) -> {
			// The driver prepares on the server from the fifth execution; PostgreSQL
			// plans
			// the first five of those for their values.
			for (int read = 0; read < 16; read++) {
				try (PreparedStatement statement = connection.prepareStatement(sql)) {
					statement.setString(1, hash("plan-1"));
					statement.setString(2, hash("plan-2"));
					statement.setString(3, hash("plan-unknown-" + read));
					List<String> ids = new ArrayList<>();
					try (ResultSet rows = statement.executeQuery()) {
						while (rows.next()) {
							ids.add(rows.getString("id"));
						}
					}
					assertThat(ids).containsExactlyInAnyOrder(first, second);
				}
			}
			try (PreparedStatement statement = connection.prepareStatement(
					"select generic_plans, custom_plans from pg_prepared_statements where statement = ?")) {
				statement.setString(1, numbered(sql));
				try (ResultSet row = statement.executeQuery()) {
					assertThat(row.next()).as("the read is a server-prepared statement").isTrue();
					return Map.of("generic", row.getLong(1), "custom", row.getLong(2));
				}
			}
		});

		assertThat((long) plans.get("generic")).isGreaterThanOrEqualTo(5);
		assertThat((long) plans.get("custom")).isLessThanOrEqualTo(5);

		// (The array form it replaces got generic plans on a small table too; with the
		// bench's 160,000 rows PostgreSQL found its generic plan, estimated for ten
		// codes,
		// dearer than a custom plan for the batch's few and planned every read: see
		// docs/performance.md.)
	}

	/** The text PostgreSQL keeps of a driver-prepared statement: $1, $2, … */
	private static String numbered(String sql) {
		StringBuilder out = new StringBuilder();
		int parameter = 0;
		for (char c : sql.toCharArray()) {
			if (c == '?') {
				out.append('$').append(++parameter);
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	@Test
	void aBatchAnswersEveryLookupItsOwnRowInItsOrder() {
		String first = stored(this.client, code("first"));
		String second = stored(this.client, code("second"));
		CodeReads reads = new CodeReads(this.jdbc,
				new ParsedAuthorizations(new InMemoryRegisteredClientRepository(this.client)), (hashed) -> {
					throw new AssertionError("a read is never retried alone");
				});
		try {
			String goneRow = stored(this.gone, code("gone"));

			List<Object> answers = reads
				.readAll(List.of(hash("second"), hash("unknown"), hash("first"), hash("gone"), hash("second")));

			assertThat(answers).hasSize(5);
			assertThat(id(answers.get(0))).isEqualTo(second);
			assertThat(answers.get(1)).isNull();
			assertThat(id(answers.get(2))).isEqualTo(first);
			// Its client is unknown to this repository: no authorization, as the single
			// lookup answers.
			assertThat(goneRow).isNotNull();
			assertThat(answers.get(3)).isNull();
			assertThat(id(answers.get(4))).isEqualTo(second);
			assertThat(((OAuth2Authorization) answers.get(2)).getToken(OAuth2AuthorizationCode.class)
				.getToken()
				.getTokenValue()).isEqualTo(hash("first"));
		}
		finally {
			reads.close();
		}
	}

	@Test
	void lookupsQueuedWhileTheReaderWorksAreReadByItsNextStatement() throws Exception {
		int count = 12;
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(stored(this.client, code("queued-" + i)));
		}
		CountDownLatch mapping = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ParsedAuthorizations rows = new ParsedAuthorizations(new InMemoryRegisteredClientRepository(this.client));
		CodeReads reads = new CodeReads(this.jdbc, (row, number) -> {
			mapping.countDown();
			await(release);
			return rows.mapRow(row, number);
		}, (hashed) -> {
			throw new AssertionError("a read is never retried alone");
		});
		java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(count);
		try {
			// The first lookup holds the reader inside its statement...
			CompletableFuture<OAuth2Authorization> first = CompletableFuture
				.supplyAsync(() -> reads.read(hash("queued-0")), callers);
			mapping.await();
			// ...while the others queue behind it.
			List<CompletableFuture<OAuth2Authorization>> queued = new ArrayList<>();
			for (int i = 1; i < count; i++) {
				String hashed = hash("queued-" + i);
				queued.add(CompletableFuture.supplyAsync(() -> reads.read(hashed), callers));
			}
			org.awaitility.Awaitility.await().until(() -> reads.queued() == count - 1);
			release.countDown();

			assertThat(first.get().getId()).isEqualTo(ids.get(0));
			for (int i = 1; i < count; i++) {
				assertThat(queued.get(i - 1).get().getId()).isEqualTo(ids.get(i));
			}
			assertThat(reads.batches()).isEqualTo(2);
		}
		finally {
			release.countDown();
			callers.shutdownNow();
			reads.close();
		}
	}

	@Test
	void aRowThatFailsToMapIsReadAgainAloneAndTheOthersAreAnswered() {
		String good = stored(this.client, code("good"));
		String bad = stored(this.client, code("bad"));
		ParsedAuthorizations rows = new ParsedAuthorizations(new InMemoryRegisteredClientRepository(this.client));
		List<String> alone = new ArrayList<>();
		CodeReads reads = new CodeReads(this.jdbc, (row, number) -> {
			if (hash("bad").equals(row.getString("authorization_code_value"))) {
				throw new IllegalArgumentException("a row this test spoils");
			}
			return rows.mapRow(row, number);
		}, (hashed) -> {
			alone.add(hashed);
			return null;
		});
		try {
			List<Object> answers = reads.readAll(List.of(hash("bad"), hash("good")));
			assertThat(answers.get(0)).isSameAs(CodeReads.READ_ALONE);
			assertThat(id(answers.get(1))).isEqualTo(good);

			assertThat(reads.read(hash("bad"))).isNull();
			assertThat(alone).containsExactly(hash("bad"));
			assertThat(reads.read(hash("good")).getId()).isEqualTo(good);
			assertThat(bad).isNotNull();
		}
		finally {
			reads.close();
		}
	}

	@Test
	void concurrentLookupsEachGetTheirOwnCodesRow() throws Exception {
		int count = 24;
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(stored(this.client, code("concurrent-" + i)));
		}
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<OAuth2Authorization>> lookups = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String code = code("concurrent-" + i);
			lookups.add(CompletableFuture.supplyAsync(() -> {
				await(start);
				return this.authorizations.findByToken(code, CODE);
			}));
		}
		start.countDown();

		for (int i = 0; i < count; i++) {
			OAuth2Authorization found = lookups.get(i).get();
			assertThat(found.getId()).isEqualTo(ids.get(i));
			// The presented value stands in the code's place, as for the single lookup.
			assertThat(found.getToken(OAuth2AuthorizationCode.class).getToken().getTokenValue())
				.isEqualTo(code("concurrent-" + i));
		}
		assertThat(this.authorizations.findByToken(code("concurrent-none"), CODE)).isNull();
	}

	@Test
	void aLookupInsideATransactionSeesThatTransactionsRows() {
		TransactionTemplate transaction = new TransactionTemplate(
				new DataSourceTransactionManager(this.jdbc.getDataSource()));

		OAuth2Authorization seen = transaction.execute((status) -> {
			String id = stored(this.client, code("uncommitted"));
			OAuth2Authorization found = this.authorizations.findByToken(code("uncommitted"), CODE);
			assertThat(found).isNotNull();
			assertThat(found.getId()).isEqualTo(id);
			status.setRollbackOnly();
			return found;
		});

		assertThat(seen).isNotNull();
		assertThat(this.authorizations.findByToken(code("uncommitted"), CODE)).isNull();
	}

	@Test
	void aStoppedReaderLeavesEachLookupToASingleRead() {
		String id = stored(this.client, code("after-stop"));
		assertThat(this.authorizations.findByToken(code("after-stop"), CODE).getId()).isEqualTo(id);

		this.authorizations.destroy();

		assertThat(this.authorizations.findByToken(code("after-stop"), CODE).getId()).isEqualTo(id);
		CodeReads reads = new CodeReads(this.jdbc,
				new ParsedAuthorizations(new InMemoryRegisteredClientRepository(this.client)), (hashed) -> null);
		reads.close();
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> reads.read(hash("after-stop")))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
	}

	/**
	 * Saves an unredeemed code {@code code} of {@code owner} and answers its row's id.
	 */
	private String stored(RegisteredClient owner, String code) {
		Instant now = Instant.now();
		String id = UUID.randomUUID().toString();
		new HashedAuthorizationService(this.jdbc, new InMemoryRegisteredClientRepository(owner))
			.save(OAuth2Authorization.withRegisteredClient(owner)
				.id(id)
				.principalName("principal-" + code)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.token(new OAuth2AuthorizationCode(code, now, now.plusSeconds(300)))
				.build());
		return id;
	}

	private static String id(Object authorization) {
		return ((OAuth2Authorization) authorization).getId();
	}

	private String code(String name) {
		return this.prefix + name;
	}

	private String hash(String name) {
		return HashedAuthorizationService.hash(code(name));
	}

	private static RegisteredClient client(String id) {
		return RegisteredClient.withId(id)
			.clientId(id)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("https://app.example/cb")
			.build();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
