package dev.bondify.access;

import java.util.function.ToIntFunction;

import dev.bondify.system.WebProperties;

/**
 * The one table of rate-limited routes: for each, the bucket, the budget per minute of an
 * authenticated principal (null: counted per client address only), the budget per client
 * address (callers without a principal, and those whose credential was refused, so random
 * keys open no buckets of their own), and whether this instance may take a second's worth
 * of tokens ahead (the local lease of busy buckets). {@link RateLimitFilter} applies it
 * once per request, after authentication.
 */
enum RateLimitPolicy {

	/** Public session creation, per client address. */
	GENERATE_PUBLIC("/api/v1/generate/public", "generate", null, WebProperties.RateLimit::generatePerMinute, true),

	/** Server session creation, per project. */
	GENERATE("/api/v1/generate", "generate", WebProperties.RateLimit::keyGeneratePerMinute,
			WebProperties.RateLimit::generatePerMinute, true),

	/** Public polls, per client address. */
	VERIFY_PUBLIC("/api/v1/verify/public", "verify", null, WebProperties.RateLimit::verifyPerMinute, true),

	/** Server polls, per project. */
	VERIFY("/api/v1/verify", "verify", WebProperties.RateLimit::keyVerifyPerMinute,
			WebProperties.RateLimit::verifyPerMinute, true),

	/** Public exchanges (a session each, so generate's budget), per client address. */
	EXCHANGE_PUBLIC("/api/v1/exchange/public", "exchange", null, WebProperties.RateLimit::generatePerMinute, true),

	/** Server exchanges, per project. */
	EXCHANGE("/api/v1/exchange", "exchange", WebProperties.RateLimit::keyGeneratePerMinute,
			WebProperties.RateLimit::generatePerMinute, true),

	/** Proof checks (one per sign-in, like a poll's answer), per project. */
	PROOF("/api/v1/proof/verify", "proof", WebProperties.RateLimit::keyVerifyPerMinute,
			WebProperties.RateLimit::verifyPerMinute, true);

	private final String path;

	private final String bucket;

	private final ToIntFunction<WebProperties.RateLimit> perPrincipal;

	private final ToIntFunction<WebProperties.RateLimit> perAddress;

	private final boolean leased;

	RateLimitPolicy(String path, String bucket, ToIntFunction<WebProperties.RateLimit> perPrincipal,
			ToIntFunction<WebProperties.RateLimit> perAddress, boolean leased) {
		this.path = path;
		this.bucket = bucket;
		this.perPrincipal = perPrincipal;
		this.perAddress = perAddress;
		this.leased = leased;
	}

	/** The row of a POST to {@code path} (without the context path), null if none. */
	static RateLimitPolicy of(String method, String path) {
		if (!"POST".equals(method)) {
			return null;
		}
		for (RateLimitPolicy row : values()) {
			if (row.path.equals(path)) {
				return row;
			}
		}
		return null;
	}

	String path() {
		return this.path;
	}

	/** Whether an authenticated principal has a budget of its own here. */
	boolean perPrincipal() {
		return this.perPrincipal != null;
	}

	/**
	 * The bucket key and budget for a caller: {@code principal} (a principal's name) when
	 * this route counts principals and the caller has one, else {@code addressBucket}.
	 */
	Limit limitFor(String principal, String addressBucket, WebProperties.RateLimit limits) {
		if (principal != null && this.perPrincipal != null) {
			return new Limit(this.bucket + "-key:" + principal, this.perPrincipal.applyAsInt(limits), this.leased);
		}
		return new Limit(this.bucket + "-ip:" + addressBucket, this.perAddress.applyAsInt(limits), this.leased);
	}

	/** One bucket key, its budget per minute and whether it may be leased. */
	record Limit(String key, int perMinute, boolean leased) {
	}

}
