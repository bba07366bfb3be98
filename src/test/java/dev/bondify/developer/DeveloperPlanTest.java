package dev.bondify.developer;

import org.junit.jupiter.api.Test;

import dev.bondify.developer.DeveloperPlan.Mau;
import dev.bondify.developer.PlanProperties.Tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The plan and quota reported by {@code /dev/me}: defaults, a configured limit and
 * {@code over}.
 */
class DeveloperPlanTest {

	@Test
	void unsetPlanIsBusinessWithAnUnlimitedQuota() {
		PlanProperties plan = new PlanProperties(null, null);
		assertThat(plan.tier()).isEqualTo(Tier.BUSINESS);
		assertThat(plan.mauLimit()).isEqualTo(2147483647L);
		assertThat(mau(plan, 5_000_000)).isEqualTo(new Mau(5_000_000, 2147483647L, 0));
	}

	@Test
	void overIsHowFarTheMonthIsPastAConfiguredLimit() {
		PlanProperties plan = new PlanProperties(Tier.PRO, 100L);
		assertThat(mau(plan, 99)).isEqualTo(new Mau(99, 100, 0));
		assertThat(mau(plan, 100)).isEqualTo(new Mau(100, 100, 0));
		assertThat(mau(plan, 130)).isEqualTo(new Mau(130, 100, 30));
		assertThat(new DeveloperPlan(plan, users(1)).describe("dev_x", "a@example.com").plan()).isEqualTo("pro");
	}

	@Test
	void aNegativeLimitIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PlanProperties(Tier.HOBBY, -1L))
			.withMessageContaining("BONDIFY_MAU_LIMIT");
	}

	private static Mau mau(PlanProperties plan, long current) {
		return new DeveloperPlan(plan, users(current)).describe("dev_x", "a@example.com").mau();
	}

	private static MonthlyActiveUsers users(long current) {
		return new MonthlyActiveUsers(null, null) {
			@Override
			long thisMonth(String developerId) {
				return current;
			}
		};
	}

}
