package dev.bondify.operations;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refused-request log budget: a few lines a second, the rest counted and reported
 * once the second is over; answers that are not client errors are always logged.
 */
class RefusalLogBudgetTest {

	private final AtomicLong nanos = new AtomicLong(1_000);

	private final RefusalLogBudget budget = new RefusalLogBudget(this.nanos::get);

	@Test
	void theFirstRefusalsOfASecondAreLoggedAndTheRestSummarisedAfterIt() {
		for (int i = 0; i < RefusalLogBudget.PER_SECOND; i++) {
			assertThat(this.budget.admit(true)).isEqualTo(new RefusalLogBudget.Decision(true, 0));
		}
		for (int i = 0; i < 500; i++) {
			assertThat(this.budget.admit(true)).isEqualTo(new RefusalLogBudget.Decision(false, 0));
		}
		this.nanos.addAndGet(999_999_999);
		assertThat(this.budget.admit(true).log()).isFalse();

		this.nanos.addAndGet(1);

		assertThat(this.budget.admit(true)).isEqualTo(new RefusalLogBudget.Decision(true, 501));
		assertThat(this.budget.admit(true)).isEqualTo(new RefusalLogBudget.Decision(true, 0));
	}

	@Test
	void aNormalRequestIsAlwaysLoggedAndCarriesTheSummaryOfAFinishedFlood() {
		for (int i = 0; i < RefusalLogBudget.PER_SECOND + 3; i++) {
			this.budget.admit(true);
		}
		assertThat(this.budget.admit(false)).isEqualTo(new RefusalLogBudget.Decision(true, 0));

		this.nanos.addAndGet(5_000_000_000L);

		assertThat(this.budget.admit(false)).isEqualTo(new RefusalLogBudget.Decision(true, 3));
		assertThat(this.budget.admit(false)).isEqualTo(new RefusalLogBudget.Decision(true, 0));
		assertThat(this.budget.admit(true)).isEqualTo(new RefusalLogBudget.Decision(true, 0));
	}

	@Test
	void withoutRefusalsNothingIsEverHeldBack() {
		for (int i = 0; i < 10_000; i++) {
			assertThat(this.budget.admit(false)).isEqualTo(RefusalLogBudget.Decision.LOG);
		}
	}

}
