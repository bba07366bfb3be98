package dev.bondify.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bounds of the in-memory caches of the request path (sessions by token hash, projects by
 * id), which change notifications keep exact.
 *
 * @param sessions most sessions kept ({@code BONDIFY_CACHE_SESSIONS})
 * @param projects most projects kept ({@code BONDIFY_CACHE_PROJECTS})
 * @param ttl how long an entry is kept after it was loaded ({@code BONDIFY_CACHE_TTL})
 */
@ConfigurationProperties("bondify.cache")
public record CacheProperties(long sessions, long projects, Duration ttl) {

	public CacheProperties {
		if (sessions < 0 || projects < 0 || ttl.isNegative()) {
			throw new IllegalArgumentException("BONDIFY_CACHE_* must not be negative.");
		}
	}

}
