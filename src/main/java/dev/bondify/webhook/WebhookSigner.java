package dev.bondify.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies: lowercase hex HMAC-SHA256 over the exact body bytes, keyed with
 * the UTF-8 bytes of the project's whole secret key.
 */
final class WebhookSigner {

	private static final String ALGORITHM = "HmacSHA256";

	private WebhookSigner() {
	}

	static String sign(String secretKey, byte[] body) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), ALGORITHM));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
