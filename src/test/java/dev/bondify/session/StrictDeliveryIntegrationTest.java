package dev.bondify.session;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import dev.bondify.project.Project;
import dev.bondify.project.ProjectCache;
import dev.bondify.proof.ProofIssuer;
import dev.bondify.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code BONDIFY_DELIVERY_GRACE=PT0S}: the proof is delivered strictly once, whatever the
 * overlap of the polls. Built from the shared context's beans with only the grace
 * changed, so the suite starts no extra context for it.
 */
class StrictDeliveryIntegrationTest extends IntegrationTest {

	@Autowired
	AuthSessionRepository repository;

	@Autowired
	SessionPolls polls;

	@Autowired
	ProjectCache projectCache;

	@Autowired
	SessionStateCache states;

	@Autowired
	SessionInserts inserts;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	ProofIssuer proofIssuer;

	@Autowired
	Deeplinks deeplinks;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	Clock applicationClock;

	@Autowired
	SessionProperties sessionProperties;

	@Autowired
	SessionService sessions;

	@Test
	void withNoGraceTwentyOverlappingPollsGetOneProofAndNineteenUsed() throws Exception {
		SessionService strict = new SessionService(this.repository, this.polls, this.projectCache, this.states,
				this.inserts, this.transactions, this.proofIssuer, this.deeplinks, this.events, this.applicationClock,
				this.sessionProperties, new DeliveryProperties(Duration.ZERO), this.sealer);
		Project project = this.projects.sandbox();
		String token = this.api.post("/api/v1/generate/public", "{\"project_id\":\"" + project.getId() + "\"}")
			.field("session_token");
		TestSessions.confirm(this.sessions, this.jdbc, token, new TelegramIdentity(5L, "Strict User", null, null));

		ExecutorService pool = Executors.newFixedThreadPool(20);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<VerifyResponse>> answers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			answers.add(pool.submit(() -> {
				start.await();
				return strict.verify(project.getId(), token, new Caller.Public(null));
			}));
		}
		start.countDown();
		List<String> statuses = new ArrayList<>();
		for (Future<VerifyResponse> answer : answers) {
			statuses.add(answer.get().status());
		}
		pool.shutdown();
		assertThat(statuses).filteredOn("confirmed"::equals).hasSize(1);
		assertThat(statuses).filteredOn("used"::equals).hasSize(19);
		assertThat(strict.verify(project.getId(), token, new Caller.Public(null)).status()).isEqualTo("used");
	}

}
