package dev.bondify.system;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP edge settings: body limits, the proxies whose {@code X-Forwarded-For} is trusted,
 * and per-IP rate limits.
 *
 * @param maxBodySize largest accepted request body on the API (default 16 KiB)
 * @param maxTelegramBodySize largest accepted Telegram update body
 * @param trustedProxies IPs or CIDR ranges of reverse proxies allowed to set
 * {@code X-Forwarded-For}
 * @param rateLimit per-client-IP request budgets
 */
@ConfigurationProperties("bondify.web")
public record WebProperties(@DefaultValue("16KB") DataSize maxBodySize,
		@DefaultValue("1MB") DataSize maxTelegramBodySize, @DefaultValue List<String> trustedProxies,
		@DefaultValue RateLimit rateLimit) {

	/**
	 * Requests per minute and client IP; 0 disables a limit.
	 *
	 * @param generatePerMinute session creations
	 * @param verifyPerMinute verify polls (a client polls every 2 s, i.e. 30 per minute
	 * per open session)
	 * @param loginPerMinute developer login attempts
	 */
	public record RateLimit(@DefaultValue("60") int generatePerMinute, @DefaultValue("600") int verifyPerMinute,
			@DefaultValue("10") int loginPerMinute) {
	}

}
