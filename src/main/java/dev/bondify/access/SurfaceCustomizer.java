package dev.bondify.access;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * What a feature adds to the filter chain of one {@link Surface} (its authentication
 * filter or provider), so the chains are built here without importing any feature.
 */
public interface SurfaceCustomizer {

	/** The surface whose chain this customizes. */
	Surface surface();

	/** Adds the feature's filters or providers to the chain being built. */
	void customize(HttpSecurity http) throws Exception;

}
