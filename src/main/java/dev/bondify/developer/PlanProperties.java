package dev.bondify.developer;

import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What {@code GET /api/v1/dev/me} reports as the developer's plan and monthly quota, in
 * the shape of the official SDKs.
 *
 * @param tier the plan ({@code BONDIFY_PLAN}: {@code hobby}, {@code pro} or
 * {@code business}); unset means {@code business}, the tier self-hosting corresponds to
 * @param mauLimit the monthly active Telegram users per developer
 * ({@code BONDIFY_MAU_LIMIT}, 0 or more); unset means unlimited, reported as
 * {@link #UNLIMITED}
 */
@ConfigurationProperties("bondify.plan")
record PlanProperties(Tier tier, Long mauLimit) {

	/**
	 * The limit reported for an unlimited quota: a JSON number, as the SDKs declare, that
	 * no month reaches, so {@code over} stays 0.
	 */
	static final long UNLIMITED = Integer.MAX_VALUE;

	PlanProperties {
		if (tier == null) {
			tier = Tier.BUSINESS;
		}
		if (mauLimit == null) {
			mauLimit = UNLIMITED;
		}
		if (mauLimit < 0) {
			throw new IllegalArgumentException("BONDIFY_MAU_LIMIT must be a number of users, 0 or more.");
		}
	}

	/** The SDKs' plan names. */
	enum Tier {

		HOBBY, PRO, BUSINESS;

		String wire() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
