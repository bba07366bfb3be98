package dev.bondify.session;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.bondify.project.Project;
import dev.bondify.support.IntegrationTest;
import dev.bondify.system.ApiException;
import dev.bondify.system.ErrorCode;
import dev.bondify.system.RandomTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The exchange's group commit on a real PostgreSQL: sign-ins queued while a statement
 * runs share the next one and each is visible when its caller returns, with the rollups
 * one sign-in at a time would leave; a datum given twice (in one batch or across batches)
 * signs in once; the webhook row only for a project with a URL; a row without the event
 * its project needs writes nothing; a deleted project fails only its own caller; the
 * batch commits durably whatever the connection's setting.
 */
class GroupedSignInsIntegrationTest extends IntegrationTest {

	@Autowired
	private DataSource dataSource;

	@Autowired
	private GroupedSignIns grouped;

	@Autowired
	private ConfirmedSignIns single;

	private final ExecutorService threads = Executors.newFixedThreadPool(40);

	private final List<AutoCloseable> closing = new ArrayList<>();

	private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

	private final CountDownLatch entered = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stop() throws Exception {
		this.release.countDown();
		for (AutoCloseable c : this.closing) {
			c.close();
		}
		this.threads.shutdownNow();
	}

	@Test
	void signInsQueuedMeanwhileShareOneStatementAndLeaveTheRollupsOfOneAtATime() throws Exception {
		Project project = this.projects.live();
		AnsweredGroupCommit<ConfirmedSignIns.SignIn, ConfirmedSignIns.Outcome> commit = held();
		List<ConfirmedSignIns.SignIn> rows = new ArrayList<>();
		List<CompletableFuture<Boolean>> visible = new ArrayList<>();
		rows.add(signIn(project, 800_000_001L, null));
		visible.add(signInAndCheck(commit, rows.get(0)));
		awaitWriterHeld();
		for (int i = 0; i < 20; i++) {
			// Ten users, each signing in twice.
			rows.add(signIn(project, 800_000_010L + i % 10, null));
			visible.add(signInAndCheck(commit, rows.get(i + 1)));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> commit.queued() == 20);
		assertThat(visible).noneMatch(CompletableFuture::isDone);
		this.release.countDown();
		for (CompletableFuture<Boolean> each : visible) {
			assertThat(each.get(20, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(this.batchSizes).containsExactly(1, 20);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from auth_sessions where project_id = ? and status = 'used' and used_at = confirmed_at",
				Long.class, project.getId()))
			.isEqualTo(21);
		assertThat(this.jdbc.queryForObject("select count(*) from exchange_used_data where data_hash = any(?)",
				Long.class, (Object) rows.stream().map(r -> r.datum().hash()).toArray(byte[][]::new)))
			.isEqualTo(21);
		// The rollups: 21 sessions, confirmed and used, 11 distinct users that day.
		assertThat(this.jdbc.queryForList(
				"select sum(sessions)::int as s, sum(confirmed)::int as c, sum(used)::int as u from analytics_daily where project_id = ?",
				project.getId()))
			.singleElement()
			.satisfies(r -> assertThat(r.values()).containsExactly(21, 21, 21));
		assertThat(this.jdbc.queryForObject("select sum(users)::int from analytics_daily_unique where project_id = ?",
				Integer.class, project.getId()))
			.isEqualTo(11);
		assertThat(this.jdbc.queryForObject("select sum(sessions)::int from analytics_daily_users where project_id = ?",
				Integer.class, project.getId()))
			.isEqualTo(21);
	}

	@Test
	void aDatumGivenTwiceSignsInOnceInOneBatchOrAcross() {
		Project project = this.projects.live();
		ConfirmedSignIns.SignIn first = signIn(project, 800_000_100L, null);
		ConfirmedSignIns.SignIn again = sameDatum(first, signIn(project, 800_000_100L, null));
		ConfirmedSignIns.SignIn other = signIn(project, 800_000_101L, null);

		List<ConfirmedSignIns.Outcome> outcomes = this.grouped.signInAll(List.of(first, again, other));

		assertThat(outcomes).extracting(ConfirmedSignIns.Outcome::signedIn).containsExactly(true, false, true);
		assertThat(outcomes).extracting(ConfirmedSignIns.Outcome::eventMissing).containsOnly(false);
		ConfirmedSignIns.SignIn later = sameDatum(first, signIn(project, 800_000_100L, null));
		assertThat(this.grouped.signInAll(List.of(later, signIn(project, 800_000_102L, null))))
			.extracting(ConfirmedSignIns.Outcome::signedIn)
			.containsExactly(false, true);
		assertThat(this.grouped.signIn(sameDatum(first, signIn(project, 800_000_100L, null))).signedIn()).isFalse();
		assertThat(sessions(first, again, other, later)).containsExactly(1L, 0L, 1L, 0L);
	}

	@Test
	void theWebhookRowOnlyForAProjectWithAUrlAndNothingWrittenWithoutTheEventItNeeds() {
		Project hooked = this.projects.live(p -> p.setWebhookUrl("https://hooks.example/bondify"));
		Project plain = this.projects.live();
		SignInOutbox.Entry event = new SignInOutbox.Entry("auth.confirmed", "{\"sealed\":1}");
		ConfirmedSignIns.SignIn withEvent = signIn(hooked, 800_000_200L, event);
		ConfirmedSignIns.SignIn withoutEvent = signIn(hooked, 800_000_201L, null);
		ConfirmedSignIns.SignIn plainWithEvent = signIn(plain, 800_000_202L, event);
		// The same datum again, now with the event: it is this row that claims it.
		ConfirmedSignIns.SignIn retried = sameDatum(withoutEvent, signIn(hooked, 800_000_201L, event));

		List<ConfirmedSignIns.Outcome> outcomes = this.grouped
			.signInAll(List.of(withEvent, withoutEvent, plainWithEvent, retried));

		assertThat(outcomes).containsExactly(new ConfirmedSignIns.Outcome(true, true, false),
				new ConfirmedSignIns.Outcome(false, false, true), new ConfirmedSignIns.Outcome(true, false, false),
				new ConfirmedSignIns.Outcome(true, true, false));
		assertThat(sessions(withEvent, withoutEvent, plainWithEvent, retried)).containsExactly(1L, 0L, 1L, 1L);
		assertThat(this.jdbc.queryForList(
				"select payload from webhook_deliveries where project_id = ? and event = 'auth.confirmed'",
				String.class, hooked.getId()))
			.containsExactly("{\"sealed\":1}", "{\"sealed\":1}");
		assertThat(this.jdbc.queryForObject("select count(*) from webhook_deliveries where project_id = ?", Long.class,
				plain.getId()))
			.isZero();
	}

	@Test
	void aProjectDeletedMeanwhileFailsOnlyItsOwnCallerAndLeavesItsDatumUnused() throws Exception {
		Project project = this.projects.live();
		Project gone = this.projects.live();
		this.jdbc.update("delete from projects where id = ?", gone.getId());
		AnsweredGroupCommit<ConfirmedSignIns.SignIn, ConfirmedSignIns.Outcome> commit = held();
		CompletableFuture<Boolean> firstCall = signInAndCheck(commit, signIn(project, 800_000_300L, null));
		awaitWriterHeld();
		List<CompletableFuture<Boolean>> good = new ArrayList<>();
		good.add(signInAndCheck(commit, signIn(project, 800_000_301L, null)));
		ConfirmedSignIns.SignIn orphan = signIn(gone, 800_000_302L, null);
		CompletableFuture<Boolean> bad = signInAndCheck(commit, orphan);
		good.add(signInAndCheck(commit, signIn(project, 800_000_303L, null)));
		await().atMost(Duration.ofSeconds(20)).until(() -> commit.queued() == 3);
		this.release.countDown();
		assertThat(firstCall.get(20, TimeUnit.SECONDS)).isTrue();
		for (CompletableFuture<Boolean> each : good) {
			assertThat(each.get(20, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(bad).failsWithin(Duration.ofSeconds(20))
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOfSatisfying(ApiException.class,
					ex -> assertThat(ex.code()).isEqualTo(ErrorCode.PROJECT_NOT_FOUND));
		assertThat(sessions(orphan)).containsExactly(0L);
		assertThat(this.jdbc.queryForObject("select count(*) from exchange_used_data where data_hash = ?", Long.class,
				orphan.datum().hash()))
			.isZero();
	}

	@Test
	void theBatchCommitsDurablyWhateverTheConnectionsSetting() throws Exception {
		Project project = this.projects.live();
		try (Connection connection = this.dataSource.getConnection()) {
			JdbcTemplate one = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
			one.execute("set synchronous_commit = off");
			GroupedSignIns onOne = new GroupedSignIns(one, new ConfirmedSignIns(one));
			try {
				connection.setAutoCommit(false);
				assertThat(onOne.signInAll(List.of(signIn(project, 800_000_400L, null))))
					.extracting(ConfirmedSignIns.Outcome::signedIn)
					.containsExactly(true);
				assertThat(one.queryForObject("show synchronous_commit", String.class)).isEqualTo("on");
				connection.rollback();
				assertThat(one.queryForObject("show synchronous_commit", String.class)).isEqualTo("off");
			}
			finally {
				onOne.close();
				connection.setAutoCommit(true);
				one.execute("reset synchronous_commit");
			}
		}
	}

	/** A group commit on the real statements whose first batch waits for release. */
	private AnsweredGroupCommit<ConfirmedSignIns.SignIn, ConfirmedSignIns.Outcome> held() {
		Function<List<ConfirmedSignIns.SignIn>, List<ConfirmedSignIns.Outcome>> writeAll = (batch) -> {
			if (this.entered.getCount() > 0) {
				this.entered.countDown();
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			this.batchSizes.add(batch.size());
			return this.grouped.signInAll(batch);
		};
		AnsweredGroupCommit<ConfirmedSignIns.SignIn, ConfirmedSignIns.Outcome> commit = new AnsweredGroupCommit<>(
				"sign-in-test-writer", writeAll, this.single::signIn, 64, 128, Duration.ofSeconds(20));
		this.closing.add(0, commit);
		return commit;
	}

	private void awaitWriterHeld() throws InterruptedException {
		assertThat(this.entered.await(20, TimeUnit.SECONDS)).as("the writer took the first row").isTrue();
	}

	/**
	 * Signs in on a thread of its own; true when another connection sees the session
	 * then.
	 */
	private CompletableFuture<Boolean> signInAndCheck(
			AnsweredGroupCommit<ConfirmedSignIns.SignIn, ConfirmedSignIns.Outcome> commit,
			ConfirmedSignIns.SignIn signIn) {
		return CompletableFuture.supplyAsync(() -> commit.write(signIn).signedIn() && sessions(signIn).get(0) == 1,
				this.threads);
	}

	private List<Long> sessions(ConfirmedSignIns.SignIn... signIns) {
		List<Long> counts = new ArrayList<>();
		for (ConfirmedSignIns.SignIn s : signIns) {
			counts.add(this.jdbc.queryForObject("select count(*) from auth_sessions where id = ?", Long.class, s.id()));
		}
		return counts;
	}

	private static ConfirmedSignIns.SignIn sameDatum(ConfirmedSignIns.SignIn original, ConfirmedSignIns.SignIn row) {
		return new ConfirmedSignIns.SignIn(original.datum(), row.id(), row.tokenHash(), row.tokenPreview(),
				row.projectId(), row.now(), row.expiresAt(), row.source(), row.sessionSource(), row.identity(),
				row.sealedPhone(), row.proofJti(), row.webhook());
	}

	private ConfirmedSignIns.SignIn signIn(Project project, long telegramId, SignInOutbox.Entry webhook) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		byte[] datum = new byte[32];
		ThreadLocalRandom.current().nextBytes(datum);
		String token = RandomTokens.base64Url256(SessionService.TOKEN_PREFIX);
		return new ConfirmedSignIns.SignIn(new SingleUseDatum(datum, now.plus(Duration.ofMinutes(5))),
				UUID.randomUUID(), RandomTokens.sha256(token), token.substring(0, 12), project.getId(), now,
				now.plus(Duration.ofMinutes(5)), new RequestSource("https://app.example", "203.0.113.7", "agent/2"),
				"webapp", new TelegramIdentity(telegramId, "Grouped User", "grouped", null), null,
				RandomTokens.base64Url256(""), webhook);
	}

}
