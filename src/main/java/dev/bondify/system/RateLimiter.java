package dev.bondify.system;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Fixed one-minute windows counted per key in this instance's memory; several instances
 * each apply the limit, which keeps the bound proportional to the fleet without a shared
 * store on the hot path.
 */
@Component
public class RateLimiter {

	private static final long WINDOW_MILLIS = 60_000;

	private final Clock clock;

	private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

	RateLimiter(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Counts one request for {@code key}.
	 * @throws ApiException {@code RATE_LIMITED} with the seconds until the window ends,
	 * once over {@code perMinute}
	 */
	public void acquire(String key, int perMinute) {
		if (perMinute <= 0) {
			return;
		}
		long now = this.clock.millis();
		long windowStart = now - (now % WINDOW_MILLIS);
		Window window = this.windows.compute(key, (k, existing) -> (existing == null || existing.start != windowStart)
				? new Window(windowStart, 1) : new Window(windowStart, existing.count + 1));
		if (window.count > perMinute) {
			throw ApiException.rateLimited((windowStart + WINDOW_MILLIS - now + 999) / 1000);
		}
	}

	@Scheduled(fixedDelay = 60_000)
	void evictOldWindows() {
		long now = this.clock.millis();
		long current = now - (now % WINDOW_MILLIS);
		this.windows.values().removeIf(window -> window.start < current);
	}

	private record Window(long start, int count) {
	}

}
