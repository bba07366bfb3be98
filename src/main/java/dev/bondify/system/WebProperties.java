package dev.bondify.system;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
 * @param rateLimit request budgets per client IP, e-mail or project key
 */
@ConfigurationProperties("bondify.web")
public record WebProperties(DataSize maxBodySize, DataSize maxTelegramBodySize,
		@DefaultValue List<String> trustedProxies, @DefaultValue RateLimit rateLimit) {

	/**
	 * Token buckets shared by all instances: each allows its number of requests at once
	 * and refills continuously at that number per minute; 0 disables a limit.
	 *
	 * @param generatePerMinute session creations
	 * @param verifyPerMinute verify polls (a client polls every 2 s, i.e. 30 per minute
	 * per open session)
	 * @param loginPerMinute developer login attempts per (e-mail, client IP), and
	 * registrations per client IP
	 * @param loginPerIpPerMinute developer login attempts per client IP, whatever the
	 * e-mail
	 * @param keyGeneratePerMinute session creations per project secret key (server calls)
	 * @param keyVerifyPerMinute verify calls per project secret key (server calls)
	 */
	public record RateLimit(int generatePerMinute, int verifyPerMinute, int loginPerMinute, int loginPerIpPerMinute,
			int keyGeneratePerMinute, int keyVerifyPerMinute) {

		@ConstructorBinding
		public RateLimit {
		}

		/**
		 * The three public budgets; the login-per-IP and secret-key budgets take their
		 * defaults.
		 */
		public RateLimit(int generatePerMinute, int verifyPerMinute, int loginPerMinute) {
			this(generatePerMinute, verifyPerMinute, loginPerMinute, 30, 600, 6000);
		}
	}

}
