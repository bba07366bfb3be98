package dev.bondify.developer;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code developer} object of {@code GET /api/v1/dev/me}: plan and monthly usage in
 * the shape the official Node SDK's {@code getMe()} returns.
 */
@Service
class DeveloperPlan {

	private final PlanProperties plan;

	private final MonthlyActiveUsers monthlyActiveUsers;

	DeveloperPlan(PlanProperties plan, MonthlyActiveUsers monthlyActiveUsers) {
		this.plan = plan;
		this.monthlyActiveUsers = monthlyActiveUsers;
	}

	@Transactional(readOnly = true)
	SdkDeveloper describe(String developerId, String email) {
		long current = this.monthlyActiveUsers.thisMonth(developerId);
		long limit = this.plan.mauLimit();
		return new SdkDeveloper(developerId, email, this.plan.tier().wire(),
				new Mau(current, limit, Math.max(0, current - limit)));
	}

	/** {@code {"developer_id","email","plan","mau":{…}}}. */
	record SdkDeveloper(String developerId, String email, String plan, Mau mau) {
	}

	/**
	 * {@code {"current","limit","over"}}; an unlimited quota reports
	 * {@link PlanProperties#UNLIMITED}.
	 */
	record Mau(long current, long limit, long over) {
	}

}
